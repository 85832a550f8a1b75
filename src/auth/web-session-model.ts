import mongoose, { Schema } from 'mongoose';

/**
 * A signed-in browser (kind `session`) or a sign-in under way (kind `login`: state, nonce and PKCE
 * verifier between the redirect to the identity provider and its callback). Addressed by the HMAC
 * of the cookie value under the session secret, so neither a reader of the store can turn an id
 * into a cookie nor a writer forge one. Holds the staff member's tokens, never case data.
 */
export interface WebSessionDoc {
  _id: string;
  kind: 'session' | 'login';
  /** How the session was made: OIDC tokens (refreshable) or the development sign-in. */
  source?: 'oidc' | 'development';
  accessToken?: string;
  accessExpiresAt?: Date;
  refreshToken?: string;
  idToken?: string;
  /** Sent back as X-CSRF-Token on every cookie-authenticated write. */
  csrfToken?: string;
  /** One refresh at a time across API processes: the holder of an unexpired lease refreshes. */
  refreshLeaseUntil?: Date;
  login?: { state: string; nonce: string; codeVerifier: string; returnTo: string };
  createdAt: Date;
  lastSeenAt: Date;
  /** Absolute end (VT_SESSION_MAX_HOURS, or ten minutes for a sign-in under way). */
  expiresAt: Date;
}

const webSessionSchema = new Schema<WebSessionDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: ['session', 'login'] },
    source: { type: String, enum: ['oidc', 'development'] },
    accessToken: String,
    accessExpiresAt: Date,
    refreshToken: String,
    idToken: String,
    csrfToken: String,
    refreshLeaseUntil: Date,
    login: {
      type: new Schema(
        {
          state: { type: String, required: true },
          nonce: { type: String, required: true },
          codeVerifier: { type: String, required: true },
          returnTo: { type: String, required: true },
        },
        { _id: false, strict: 'throw' },
      ),
    },
    createdAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'web_sessions', versionKey: false, strict: 'throw' },
);
// A real MongoDB removes ended sessions itself; FerretDB 1.x ignores TTL indexes, so the API also
// sweeps them (web-session-sweep.ts). An ended session is refused on read either way (WebSessions
// checks expiresAt and lastSeenAt).
webSessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

/**
 * An access token revoked before its expiry (at sign-out): the verifier refuses a token whose `jti`
 * is here. Kept until the token would have expired anyway.
 */
export interface RevokedTokenDoc {
  _id: string;
  expiresAt: Date;
}

const revokedTokenSchema = new Schema<RevokedTokenDoc>(
  { _id: { type: String, required: true }, expiresAt: { type: Date, required: true } },
  { collection: 'revoked_tokens', versionKey: false, strict: 'throw' },
);
// As above: the TTL index on a real MongoDB, the API's sweep on FerretDB.
revokedTokenSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export function webSessionModel(connection: mongoose.Connection): mongoose.Model<WebSessionDoc> {
  return (
    (connection.models.WebSession as mongoose.Model<WebSessionDoc> | undefined) ??
    connection.model<WebSessionDoc>('WebSession', webSessionSchema)
  );
}

export function revokedTokenModel(connection: mongoose.Connection): mongoose.Model<RevokedTokenDoc> {
  return (
    (connection.models.RevokedToken as mongoose.Model<RevokedTokenDoc> | undefined) ??
    connection.model<RevokedTokenDoc>('RevokedToken', revokedTokenSchema)
  );
}
