import fs from 'node:fs/promises';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from 'jose';

/** Key id of the development key: the verifier trusts it only in development mode. */
export const DEV_KEY_ID = 'vt-dev-key';
const ALG = 'ES256';

export interface DevKeyPair {
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * The local development signing key, created on first use in the data folder (never the repo).
 * Two processes may race on first use (API and `npm run token`): the file is created exclusively
 * and the loser reads the winner's key.
 */
export async function loadOrCreateDevKey(dir: string): Promise<DevKeyPair> {
  const file = path.join(dir, 'dev-signing-key.json');
  try {
    return await readKey(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const { privateKey } = await generateKeyPair(ALG, { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: DEV_KEY_ID, alg: ALG };
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    await fs.writeFile(file, JSON.stringify(jwk), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return readKey(file);
}

async function readKey(file: string): Promise<DevKeyPair> {
  const jwk = JSON.parse(await fs.readFile(file, 'utf8')) as JWK;
  const privateKey = (await importJWK(jwk, ALG)) as CryptoKey;
  const { d: _d, ...publicJwk } = jwk;
  return { privateKey, publicJwk };
}
