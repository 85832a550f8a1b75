import { Client, Connection } from '@temporalio/client';

export interface TemporalClient {
  client: Client;
  connection: Connection;
  close(): Promise<void>;
}

export async function connectTemporalClient(address: string, namespace: string): Promise<TemporalClient> {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace });
  return { client, connection, close: () => connection.close() };
}
