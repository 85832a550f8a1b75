import {
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
  type ConnectionOptions,
  type ConnectionPlugin,
} from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { resolveTool } from '../../src/services/tools';

type Interceptor = NonNullable<ConnectionOptions['interceptors']>[number];
/** What an interceptor's next step returns: the interface, not grpc-js's class. */
type Call = ReturnType<Parameters<Interceptor>[1]>;
type Metadata = Parameters<Call['start']>[0];
type Listener = Parameters<Call['start']>[1];

/** grpc.status.CANCELLED: the retry interceptor gives up on it instead of trying again. */
const CANCELLED = 1;

/**
 * The client calls of one environment, so that its teardown can end them first. A call still
 * pending at teardown (the result() of a test that timed out) was otherwise answered UNAVAILABLE
 * when the server was killed; the SDK's retry interceptor then tried again on a timer, on the
 * closed channel, and "Channel has been shut down" was thrown from that timer into whichever test
 * file the jest worker ran next.
 */
function callGuard(): { interceptor: Interceptor; close(): void } {
  const live = new Set<Call>();
  let closed = false;
  const interceptor: Interceptor = (options, nextCall) => {
    if (closed) return refused() as unknown as ReturnType<Interceptor>;
    const call = nextCall(options);
    return {
      ...delegateTo(call),
      start(metadata: Metadata, listener: Listener) {
        live.add(call);
        call.start(metadata, {
          onReceiveMetadata: (m) => listener?.onReceiveMetadata?.(m),
          onReceiveMessage: (m) => listener?.onReceiveMessage?.(m),
          onReceiveStatus: (status) => {
            live.delete(call);
            listener?.onReceiveStatus?.(status);
          },
        });
      },
    } as unknown as ReturnType<Interceptor>;
  };
  return {
    interceptor,
    close() {
      closed = true;
      for (const call of [...live]) call.cancelWithStatus(CANCELLED, 'test environment torn down');
      live.clear();
    },
  };
}

function delegateTo(call: Call) {
  return {
    cancelWithStatus: (...args: Parameters<Call['cancelWithStatus']>) => call.cancelWithStatus(...args),
    getPeer: () => call.getPeer(),
    sendMessageWithContext: (...args: Parameters<Call['sendMessageWithContext']>) =>
      call.sendMessageWithContext(...args),
    sendMessage: (...args: Parameters<Call['sendMessage']>) => call.sendMessage(...args),
    startRead: () => call.startRead(),
    halfClose: () => call.halfClose(),
    getAuthContext: () => call.getAuthContext(),
  };
}

/** A call attempted after teardown: it ends at once as cancelled and never touches the closed channel. */
function refused(): Call {
  return {
    start(metadata: Metadata, listener: Listener) {
      setImmediate(() => {
        // As grpc-js's own unary calls do: no message is delivered as null, before the status.
        listener?.onReceiveMessage?.(null);
        listener?.onReceiveStatus?.({ code: CANCELLED, details: 'test environment torn down', metadata });
      });
    },
    cancelWithStatus() {},
    getPeer: () => 'torn-down',
    sendMessageWithContext() {},
    sendMessage() {},
    startRead() {},
    halfClose() {},
    getAuthContext: () => null,
  };
}

/**
 * Temporal's Java time-skipping test server, started by the SDK from our launcher (built by the
 * installer from Maven Central) instead of its download, which this network cannot reach.
 *
 * The client connection is set up for tests: teardown() first ends every call still pending (see
 * callGuard), and it sends no keepalive pings. The test server allows a ping only every five
 * minutes; at the SDK's 30 s it closed the connection after about 90 s without traffic (a test
 * waiting in real time), and the calls retried after that included lock/unlockTimeSkipping and
 * sleep, which are not idempotent: the server's time-skipping lock count went wrong.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const guard = callGuard();
  const forTests: ConnectionPlugin = {
    name: 'vt-test-connection',
    configureConnection: (options) => ({
      ...options,
      interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions()), guard.interceptor],
      channelArgs: {
        ...options.channelArgs,
        'grpc.keepalive_permit_without_calls': 0,
        'grpc.keepalive_time_ms': 600_000,
      },
    }),
  };
  const env = await startServer(() =>
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: resolveTool('temporal-test-server') } },
      plugins: [forTests],
    }),
  );
  const teardown = env.teardown.bind(env);
  env.teardown = async () => {
    guard.close();
    await teardown();
  };
  return env;
}

/**
 * The SDK gives the server's JVM a fixed 5 s to accept connections, then kills it. On a loaded
 * 2-core machine a JVM start took longer (every test of a file failed in beforeAll). Only that
 * start is tried again, on a fresh port; any other error, and every test, fails as it is.
 */
async function startServer(start: () => Promise<TestWorkflowEnvironment>): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (attempt >= 3 || !/did not start within/.test(String((err as Error)?.message))) throw err;
    }
  }
}

/**
 * Starts the environment alongside the rest of a test file's fixtures. If anything fails to start,
 * the environment is torn down again before the error is thrown: its server is a JVM the SDK only
 * stops on teardown, and a failed beforeAll (say, the store not answering in time under load)
 * otherwise left it running after jest had moved on. `closeOthers` does the same for the other
 * fixtures when it is the env that failed: an open store connection kept jest (one process on two
 * cores) from ever exiting.
 */
export async function withTimeSkippingEnv<T>(
  others: Promise<T>,
  closeOthers: (started: T) => Promise<unknown> = async () => undefined,
): Promise<[TestWorkflowEnvironment, T]> {
  const [env, rest] = await Promise.allSettled([createTimeSkippingEnv(), others]);
  if (env.status === 'fulfilled' && rest.status === 'fulfilled') return [env.value, rest.value];
  if (env.status === 'fulfilled') await env.value.teardown();
  if (rest.status === 'fulfilled') await closeOthers(rest.value);
  throw env.status === 'rejected' ? env.reason : (rest as PromiseRejectedResult).reason;
}
