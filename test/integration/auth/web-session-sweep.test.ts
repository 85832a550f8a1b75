import type mongoose from 'mongoose';
import { revokedTokenModel, webSessionModel, type WebSessionDoc } from '../../../src/auth/web-session-model';
import { startWebSessionSweep, sweepWebSessions } from '../../../src/auth/web-session-sweep';
import { eventually } from '../../support/eventually';
import { openTestStore } from '../../support/services';

const MINUTE = 60_000;
const IDLE_MINUTES = 60;

/**
 * FerretDB ignores TTL indexes, so the API deletes ended sessions and revocations itself: one pass
 * on the real MongoDB-wire server removes exactly the ended documents and keeps the live ones.
 */
describe('web session sweep', () => {
  let store: { connection: mongoose.Connection; drop(): Promise<void> };

  beforeAll(async () => {
    store = await openTestStore('web-session-sweep');
  });
  afterAll(async () => {
    await store?.drop();
  });

  test('deletes ended sessions, sign-ins and revocations; keeps the live ones', async () => {
    const now = Date.now();
    const at = (offsetMs: number) => new Date(now + offsetMs);
    const session = (id: string, extra: Partial<WebSessionDoc>): WebSessionDoc => ({
      _id: id,
      kind: 'session',
      source: 'development',
      csrfToken: 'c'.repeat(43),
      createdAt: at(-2 * 60 * MINUTE),
      lastSeenAt: at(-MINUTE),
      expiresAt: at(8 * 60 * MINUTE),
      ...extra,
    });
    const sessions = webSessionModel(store.connection);
    await sessions.insertMany([
      session('live', {}),
      session('past-max', { expiresAt: at(-MINUTE) }),
      session('idle', { lastSeenAt: at(-(IDLE_MINUTES + 1) * MINUTE) }),
      session('almost-idle', { lastSeenAt: at(-(IDLE_MINUTES - 5) * MINUTE) }),
      session('login-live', {
        kind: 'login',
        source: undefined,
        csrfToken: undefined,
        login: { state: 's', nonce: 'n', codeVerifier: 'v', returnTo: '/' },
        expiresAt: at(5 * MINUTE),
      }),
      session('login-ended', {
        kind: 'login',
        source: undefined,
        csrfToken: undefined,
        login: { state: 's', nonce: 'n', codeVerifier: 'v', returnTo: '/' },
        expiresAt: at(-MINUTE),
      }),
    ]);
    const revoked = revokedTokenModel(store.connection);
    await revoked.insertMany([
      { _id: 'jti-live', expiresAt: at(10 * MINUTE) },
      { _id: 'jti-expired', expiresAt: at(-MINUTE) },
    ]);

    expect(await sweepWebSessions(store.connection, { idleMinutes: IDLE_MINUTES, now: at(0) })).toEqual({
      sessions: 3,
      revokedTokens: 1,
    });
    const left = (await sessions.find().select({ _id: 1 }).lean()).map((d) => d._id).sort();
    expect(left).toEqual(['almost-idle', 'live', 'login-live']);
    expect((await revoked.find().lean()).map((d) => d._id)).toEqual(['jti-live']);

    // A second pass finds nothing more.
    expect(await sweepWebSessions(store.connection, { idleMinutes: IDLE_MINUTES, now: at(0) })).toEqual({
      sessions: 0,
      revokedTokens: 0,
    });
  });

  test('more ended documents than one batch are all deleted', async () => {
    const ended = new Date(Date.now() - MINUTE);
    await revokedTokenModel(store.connection).insertMany(
      Array.from({ length: 1_203 }, (_, i) => ({ _id: `batch-${i}`, expiresAt: ended })),
    );
    expect((await sweepWebSessions(store.connection, { idleMinutes: IDLE_MINUTES })).revokedTokens).toBe(1_203);
    expect(await revokedTokenModel(store.connection).countDocuments({ _id: /^batch-/ })).toBe(0);
  });

  test("the API's timer sweeps on its own and stop() waits for a running pass", async () => {
    await revokedTokenModel(store.connection).create({ _id: 'timer', expiresAt: new Date(Date.now() - MINUTE) });
    const sweep = startWebSessionSweep(store.connection, IDLE_MINUTES, undefined, 50);
    try {
      await eventually(
        async () => (await revokedTokenModel(store.connection).countDocuments({ _id: 'timer' })) === 0,
        'the timer deleting the expired revocation',
      );
    } finally {
      await sweep.stop();
    }
  });
});
