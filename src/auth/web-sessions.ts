import { createHmac, randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import type { OidcClient, OidcTokens } from './oidc-client';
import type { Principal } from './principal';
import type { TokenChecker } from './token-verifier';
import { revokedTokenModel, webSessionModel, type WebSessionDoc } from './web-session-model';

/** Refresh an access token this long before it ends, so no request meets an expired one. */
const REFRESH_MARGIN_MS = 60_000;
const LOGIN_TTL_MS = 10 * 60_000;
/** How long one API process may hold the refresh of a session before another may take over. */
const REFRESH_LEASE_MS = 15_000;
/** lastSeenAt is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;
const EPOCH = new Date(0);

export interface ActiveSession {
  principal: Principal;
  csrfToken: string;
  expiresAt: Date;
}

export interface WebSessionsOptions {
  store: mongoose.Connection;
  secret: Buffer;
  idleMinutes: number;
  maxHours: number;
  /** Checks an access token as the API does for bearer tokens (issuer, audience, expiry, role). */
  check: TokenChecker;
  oidc?: OidcClient;
  onRefreshFailure?: (err: unknown) => void;
}

export class SessionUnavailableError extends Error {}

/**
 * Server-side sessions of the web interface in the case store, shared by every API process. The
 * browser holds only a random cookie value; the tokens stay here. A session ends at sign-out, after
 * `idleMinutes` without a request, after `maxHours` in all, or when its access token can no longer
 * be refreshed (the provider revoked the grant or disabled the user).
 */
export class WebSessions {
  private readonly sessions: mongoose.Model<WebSessionDoc>;
  private readonly revoked;

  constructor(private readonly options: WebSessionsOptions) {
    this.sessions = webSessionModel(options.store);
    this.revoked = revokedTokenModel(options.store);
  }

  /** The stored id of a cookie value: keyed, so the store alone can neither reveal nor forge a cookie. */
  private idOf(cookie: string): string {
    return createHmac('sha256', this.options.secret).update(cookie).digest('base64url');
  }

  async startLogin(login: NonNullable<WebSessionDoc['login']>): Promise<string> {
    const cookie = randomBytes(32).toString('base64url');
    const now = new Date();
    await this.sessions.create({
      _id: this.idOf(cookie),
      kind: 'login',
      login,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + LOGIN_TTL_MS),
    });
    return cookie;
  }

  /** The sign-in under way for this cookie, used once: a replayed callback finds nothing. */
  async takeLogin(cookie: string): Promise<WebSessionDoc['login'] | undefined> {
    const doc = await this.sessions.findOneAndDelete({ _id: this.idOf(cookie) }).lean();
    if (!doc || doc.kind !== 'login' || doc.expiresAt.getTime() < Date.now()) return undefined;
    return doc.login;
  }

  /** A new session (a new cookie value on every sign-in, so a planted cookie is never promoted). */
  async create(
    tokens: OidcTokens,
    source: 'oidc' | 'development',
  ): Promise<{ cookie: string; csrfToken: string; expiresAt: Date }> {
    const cookie = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.options.maxHours * 3600_000);
    await this.sessions.create({
      _id: this.idOf(cookie),
      kind: 'session',
      source,
      accessToken: tokens.accessToken,
      accessExpiresAt: tokens.accessExpiresAt,
      refreshToken: tokens.refreshToken,
      idToken: tokens.idToken,
      csrfToken,
      refreshLeaseUntil: EPOCH,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
    });
    return { cookie, csrfToken, expiresAt };
  }

  /** The signed-in user of a cookie, refreshing the access token when it is about to end. */
  async resolve(cookie: string): Promise<ActiveSession | undefined> {
    const id = this.idOf(cookie);
    let doc = await this.find(id);
    if (!doc) return undefined;
    if (doc.refreshToken && this.options.oidc && doc.accessExpiresAt!.getTime() - Date.now() < REFRESH_MARGIN_MS) {
      doc = await this.refresh(doc);
      if (!doc) return undefined;
    }
    const result = await this.options.check(doc.accessToken!);
    if (!('principal' in result)) {
      await this.sessions.deleteOne({ _id: id });
      return undefined;
    }
    if (Date.now() - doc.lastSeenAt.getTime() > TOUCH_EVERY_MS)
      await this.sessions.updateOne({ _id: id }, { $set: { lastSeenAt: new Date() } });
    return { principal: result.principal, csrfToken: doc.csrfToken!, expiresAt: doc.expiresAt };
  }

  private async find(id: string): Promise<WebSessionDoc | undefined> {
    const doc = await this.sessions.findById(id).lean();
    if (!doc || doc.kind !== 'session') return undefined;
    const now = Date.now();
    if (doc.expiresAt.getTime() < now || doc.lastSeenAt.getTime() + this.options.idleMinutes * 60_000 < now) {
      await this.sessions.deleteOne({ _id: id });
      return undefined;
    }
    return doc;
  }

  /**
   * One process refreshes (it holds the lease); the others go on with the current access token
   * while it is valid, or wait for the new one. A refused refresh (invalid_grant: revoked,
   * expired, user disabled) ends the session.
   */
  private async refresh(doc: WebSessionDoc): Promise<WebSessionDoc | undefined> {
    const now = new Date();
    const lease = await this.sessions.updateOne(
      { _id: doc._id, refreshLeaseUntil: mongoose.trusted({ $lt: now }) },
      { $set: { refreshLeaseUntil: new Date(now.getTime() + REFRESH_LEASE_MS) } },
    );
    if (lease.modifiedCount === 0) return this.awaitRefresh(doc);
    let tokens: OidcTokens;
    try {
      tokens = await this.options.oidc!.refresh(doc.refreshToken!);
    } catch (err) {
      this.options.onRefreshFailure?.(err);
      if (isRefusedGrant(err)) {
        await this.sessions.deleteOne({ _id: doc._id });
        return undefined;
      }
      await this.sessions.updateOne({ _id: doc._id }, { $set: { refreshLeaseUntil: EPOCH } });
      if (doc.accessExpiresAt!.getTime() > Date.now()) return doc;
      throw new SessionUnavailableError('The identity provider did not answer the refresh.');
    }
    const update = {
      accessToken: tokens.accessToken,
      accessExpiresAt: tokens.accessExpiresAt,
      refreshToken: tokens.refreshToken,
      ...(tokens.idToken ? { idToken: tokens.idToken } : {}),
      refreshLeaseUntil: EPOCH,
    };
    await this.sessions.updateOne({ _id: doc._id }, { $set: update });
    return { ...doc, ...update };
  }

  private async awaitRefresh(doc: WebSessionDoc): Promise<WebSessionDoc | undefined> {
    if (doc.accessExpiresAt!.getTime() > Date.now()) return doc;
    const deadline = Date.now() + REFRESH_LEASE_MS;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const current = await this.sessions.findById(doc._id).lean();
      if (!current) return undefined;
      if (current.accessToken !== doc.accessToken) return current;
    }
    throw new SessionUnavailableError('Another process is refreshing this session.');
  }

  /**
   * Sign-out: the session is gone at once (its cookie is refused from now on), its access token is
   * refused as a bearer token until it would have expired, and the refresh token is revoked at the
   * provider. Returns the ID token for the provider's logout.
   */
  async end(cookie: string): Promise<{ idToken?: string; source?: string } | undefined> {
    const doc = await this.sessions.findOneAndDelete({ _id: this.idOf(cookie) }).lean();
    if (!doc || doc.kind !== 'session') return undefined;
    const checked = doc.accessToken ? await this.options.check(doc.accessToken) : undefined;
    if (checked && 'principal' in checked && checked.jti && checked.exp) {
      await this.revoked.updateOne(
        { _id: checked.jti },
        { $set: { expiresAt: new Date(checked.exp * 1000) } },
        { upsert: true },
      );
    }
    if (doc.refreshToken && this.options.oidc) {
      await this.options.oidc.revoke(doc.refreshToken).catch((err: unknown) => this.options.onRefreshFailure?.(err));
    }
    return { idToken: doc.idToken, source: doc.source };
  }

  /** Whether an access token was revoked at sign-out (read by _id only). */
  async isRevoked(jti: string): Promise<boolean> {
    const doc = await this.revoked.findById(jti).lean();
    return doc !== null && doc.expiresAt.getTime() > Date.now();
  }
}

function isRefusedGrant(err: unknown): boolean {
  const e = err as { error?: unknown; status?: unknown; name?: unknown };
  return e?.error === 'invalid_grant' || e?.status === 400 || e?.status === 401;
}
