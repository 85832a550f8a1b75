import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { dataConverterFromEnvironment } from './data-converter';

export interface TemporalClient {
  client: Client;
  connection: Connection;
  close(): Promise<void>;
}

/** Without a dataConverter, the encryption keys of this process's environment are used: no client goes unencrypted. */
export async function connectTemporalClient(
  address: string,
  namespace: string,
  dataConverter?: DataConverter,
): Promise<TemporalClient> {
  const converter = dataConverter ?? dataConverterFromEnvironment();
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace, dataConverter: converter });
  return { client, connection, close: () => connection.close() };
}
