import { DefaultLogger, Runtime } from '@temporalio/worker';

let installed = false;

/**
 * The SDK's own logs (bundler output, worker state changes) are for operators debugging the
 * worker; at the default level only warnings reach the console. With a metrics address, the SDK's
 * worker metrics (task latencies, poll counts, activity failures) are served for Prometheus there.
 * Installed once per process, before any worker or native connection exists.
 */
export function installTemporalRuntime(logLevel: string, metricsBindAddress?: string): void {
  if (installed) return;
  installed = true;
  const level = logLevel === 'debug' || logLevel === 'trace' ? 'DEBUG' : 'WARN';
  Runtime.install({
    logger: new DefaultLogger(level),
    ...(metricsBindAddress
      ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsBindAddress } } } }
      : {}),
  });
}
