import fs from 'node:fs';
import type { ManagedProcess } from '../../src/services/managed-process';

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as { __vtTestServices?: { dir: string; processes: ManagedProcess[] } };
  const services = g.__vtTestServices;
  if (!services) return;
  g.__vtTestServices = undefined;
  await Promise.all(services.processes.map((p) => p.stop(5_000)));
  fs.rmSync(services.dir, { recursive: true, force: true });
}
