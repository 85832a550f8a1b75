import type { DataConverter, PayloadCodec } from '@temporalio/common';
import { loadConfig, type Config } from '../config/config';
import { loadKeyRing, type KeySourceOptions } from '../security/key-source';
import { EncryptionCodec } from '../security/payload-codec';
import type { KeyRing } from '../security/key-ring';

/**
 * The one DataConverter every client and worker uses: payloads through the encryption codec, and
 * failures with their messages encoded so the codec covers them too. The failure converter goes
 * by path because a worker needs it inside the workflow sandbox as well (SDK 1.24 takes no object).
 */
export function createDataConverter(codec: PayloadCodec): DataConverter {
  return { payloadCodecs: [codec], failureConverterPath: require.resolve('./failure-converter') };
}

export function dataConverterForKeys(keyRing: KeyRing): DataConverter {
  return createDataConverter(new EncryptionCodec(keyRing));
}

/** Keys from VT_CODEC_KEYS_FILE / VT_CODEC_KEYS, or the development key file (see key-source). */
export function loadDataConverter(options: KeySourceOptions): DataConverter {
  return dataConverterForKeys(loadKeyRing(options));
}

/** For callers that pass no converter: the keys this process's environment configures. */
export function dataConverterFromEnvironment(env: NodeJS.ProcessEnv = process.env): DataConverter {
  const config = loadConfig(env);
  return loadDataConverter({ mode: config.mode, dataDir: config.dataDir, env });
}

/** The codec of a configuration's keys: one per process, shared by its client, worker and codec endpoint. */
export function codecForConfig(config: Pick<Config, 'mode' | 'dataDir' | 'codecKeys'>): EncryptionCodec {
  return new EncryptionCodec(loadKeyRing({ mode: config.mode, dataDir: config.dataDir, env: config.codecKeys }));
}
