import { ConfigError } from '../config/config';
import { StartupError } from './startup-error';

/**
 * Shared life cycle of the process entry points: start, stop cleanly on SIGINT/SIGTERM, and turn a
 * start-up failure into a short message and a non-zero exit instead of a stack trace.
 */
export function runEntryPoint(name: string, start: () => Promise<() => Promise<void>>): void {
  start()
    .then((stop) => {
      let stopping = false;
      const onSignal = (signal: NodeJS.Signals) => {
        if (stopping) return;
        stopping = true;
        console.error(`${name}: ${signal} received, stopping…`);
        stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    })
    .catch((err: unknown) => {
      const known = err instanceof StartupError || err instanceof ConfigError;
      console.error(`${name}: cannot start: ${known || err instanceof Error ? (err as Error).message : String(err)}`);
      process.exit(1);
    });
}
