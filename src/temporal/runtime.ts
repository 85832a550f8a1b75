import { DefaultLogger, Runtime } from '@temporalio/worker';

let installed = false;

/**
 * The SDK's own logs (bundler output, worker state changes) are for operators debugging the
 * worker; at the default level only warnings reach the console. Installed once per process.
 */
export function installTemporalRuntime(logLevel: string): void {
  if (installed) return;
  installed = true;
  const level = logLevel === 'debug' || logLevel === 'trace' ? 'DEBUG' : 'WARN';
  Runtime.install({ logger: new DefaultLogger(level) });
}
