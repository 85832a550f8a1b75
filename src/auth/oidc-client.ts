import * as oidc from 'openid-client';
import type { WebAuthConfig } from '../config/web-auth-config';

export interface OidcTokens {
  accessToken: string;
  /** When the access token ends, from the token response's expires_in (or the token's own exp). */
  accessExpiresAt: Date;
  refreshToken?: string;
  idToken?: string;
}

/** The web sign-in's OIDC settings with the client secret already read (src/auth/oidc-client-secret.ts). */
export type OidcClientSettings = Omit<NonNullable<WebAuthConfig['oidc']>, 'clientSecret'> & { clientSecret?: string };

export interface LoginStart {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * The web interface's side of OpenID Connect, on `openid-client`: authorization code flow with
 * PKCE (S256), state and nonce; refresh; revocation and RP-initiated logout where the provider
 * offers them. The provider's discovery document is read on first use and kept; a failed read is
 * tried again on the next sign-in rather than stopping the API.
 */
export class OidcClient {
  private configuration?: Promise<oidc.Configuration>;

  constructor(
    private readonly issuer: string,
    private readonly settings: OidcClientSettings,
    private readonly allowHttp: boolean,
  ) {}

  private discover(): Promise<oidc.Configuration> {
    this.configuration ??= oidc
      .discovery(
        new URL(this.issuer),
        this.settings.clientId,
        this.settings.clientSecret,
        this.settings.clientSecret ? oidc.ClientSecretPost(this.settings.clientSecret) : oidc.None(),
        // Plain http only to a provider on this machine in development (the tests' provider).
        this.allowHttp ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((err: unknown) => {
        this.configuration = undefined;
        throw err;
      });
    return this.configuration;
  }

  async startLogin(): Promise<LoginStart> {
    const config = await this.discover();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUrl,
      scope: this.settings.scopes,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, state, nonce, codeVerifier };
  }

  /** Exchanges the callback's code; throws on a wrong state, nonce, verifier or any provider error. */
  async finishLogin(
    callbackUrl: URL,
    checks: { state: string; nonce: string; codeVerifier: string },
  ): Promise<OidcTokens> {
    const config = await this.discover();
    const response = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    return tokensOf(response);
  }

  async refresh(refreshToken: string): Promise<OidcTokens> {
    const response = await oidc.refreshTokenGrant(await this.discover(), refreshToken);
    const tokens = tokensOf(response);
    // A provider that does not rotate refresh tokens answers without one: the old one stays valid.
    return { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
  }

  /** Revokes a refresh token at the provider, when it has a revocation endpoint; best effort. */
  async revoke(refreshToken: string): Promise<boolean> {
    const config = await this.discover();
    if (!config.serverMetadata().revocation_endpoint) return false;
    await oidc.tokenRevocation(config, refreshToken, { token_type_hint: 'refresh_token' });
    return true;
  }

  /** Where to send the browser to end its session at the provider too; undefined if it has no such endpoint. */
  async endSessionUrl(idToken?: string): Promise<URL | undefined> {
    const config = await this.discover();
    if (!config.serverMetadata().end_session_endpoint) return undefined;
    return oidc.buildEndSessionUrl(config, {
      post_logout_redirect_uri: this.settings.postLogoutRedirectUrl,
      ...(idToken ? { id_token_hint: idToken } : { client_id: this.settings.clientId }),
    });
  }
}

function tokensOf(response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers): OidcTokens {
  // The earlier of the two: a JWT's own exp is what the API checks, expires_in what the provider promised.
  const candidates = [response.expiresIn(), expOf(response.access_token)].filter((n): n is number => n !== undefined);
  const expiresIn = candidates.length > 0 ? Math.min(...candidates) : undefined;
  return {
    accessToken: response.access_token,
    accessExpiresAt: new Date(Date.now() + (expiresIn ?? 300) * 1000),
    refreshToken: response.refresh_token,
    idToken: response.id_token,
  };
}

/** Seconds left on a JWT access token, read without verifying (the verifier does that on use). */
function expOf(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp - Date.now() / 1000 : undefined;
  } catch {
    return undefined;
  }
}
