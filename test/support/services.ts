import { randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import { connectStore, withDatabase } from '../../src/store/connection';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this test through jest, whose globalSetup starts the servers.`);
  return value;
}

/** A database name of the test's own, so tests never see each other's documents. */
export function testMongoUri(dbName: string): string {
  return withDatabase(required('VT_TEST_MONGODB_URI'), dbName);
}

export function testTemporal(): { address: string; namespace: string } {
  return { address: required('VT_TEST_TEMPORAL_ADDRESS'), namespace: required('VT_TEST_TEMPORAL_NAMESPACE') };
}

/** A store connection on a fresh database; drop() removes it with everything the test wrote. */
export async function openTestStore(
  prefix: string,
): Promise<{ connection: mongoose.Connection; drop(): Promise<void> }> {
  const name = `${prefix}-${randomUUID().slice(0, 8)}`.replace(/[^a-zA-Z0-9-]/g, '-');
  // The API's 5 s server selection fails fast during an outage; a test on a loaded 2-core machine
  // (FerretDB, test servers and jest workers all starting at once) waits for the store instead.
  const connection = await connectStore(testMongoUri(name), { serverSelectionTimeoutMS: 60_000 });
  return {
    connection,
    async drop() {
      await connection.dropDatabase();
      await connection.close();
    },
  };
}
