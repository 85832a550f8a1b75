import { loadConfig } from '../../src/config/config';
import { startLocalServices } from '../../src/services/local-services';

/**
 * A launcher that starts the embedded servers from its environment's configuration, tells its
 * parent the servers' pids, and waits: a test kills it with SIGKILL, as a machine's OOM killer
 * would kill `npm start`, and looks at what it left behind.
 */
void startLocalServices(loadConfig(process.env)).then(
  () => process.send?.({ ready: true }),
  (err: unknown) => {
    process.send?.({ failed: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  },
);
