// A real OpenID Connect provider (oidc-provider) for the sign-in e2e tests, run as a child process
// (the package is ESM and targets newer Node than jest's CommonJS transform handles well). It
// issues JWT access tokens for the API's audience with the role and team claims of its users, and
// answers a few /test/ calls so a test can play a misconfigured or lagging provider.
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

const settings = JSON.parse(process.argv[2]);
const issuer = `http://127.0.0.1:${settings.port}`;
const RESOURCE = 'https://api.veilig-thuis.test/';

// The provider's clock, moved by a test: tokens issued with an offset of -1200 s expired long ago.
let clockOffsetSeconds = 0;
let audience = settings.audience;
const realNow = Date.now;
Date.now = () => realNow() + clockOffsetSeconds * 1000;

const stats = { accessTokens: [], refreshGrants: 0, revocations: 0 };

const jwk = (type, options) => ({
  ...generateKeyPairSync(type, options).privateKey.export({ format: 'jwk' }),
  use: 'sig',
});

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: settings.clientId,
      client_secret: settings.clientSecret,
      redirect_uris: settings.redirectUris,
      post_logout_redirect_uris: settings.postLogoutRedirectUris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  jwks: { keys: [jwk('ec', { namedCurve: 'P-256' }), jwk('rsa', { modulusLength: 2048 })] },
  cookies: { keys: ['test-only-cookie-key-0123456789abcdef'] },
  pkce: { required: () => true },
  scopes: ['openid', 'offline_access', 'api'],
  ttl: { AccessToken: 600, IdToken: 7200, RefreshToken: 86400, Grant: 86400, Session: 86400, Interaction: 3600 },
  features: {
    devInteractions: { enabled: true },
    revocation: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = `<!doctype html><html lang="en"><head><title>Sign out</title></head><body><main>${form}<button type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button></main></body></html>`;
      },
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => RESOURCE,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'api',
        audience,
        accessTokenTTL: 600,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'ES256' } },
      }),
    },
  },
  findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
  extraTokenClaims: (_ctx, token) =>
    token.kind === 'AccessToken' ? { ...(settings.users[token.accountId] ?? {}) } : {},
  issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  // First-party client: the grant is given without a consent screen.
  loadExistingGrant: async (ctx) => {
    const existing = ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (existing) return ctx.oidc.provider.Grant.find(existing);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid offline_access api');
    grant.addResourceScope(RESOURCE, 'api');
    await grant.save();
    return grant;
  },
});

provider.use(async (ctx, next) => {
  await next();
  if (ctx.path === '/token' && ctx.status === 200 && ctx.body?.access_token) {
    stats.accessTokens.push(ctx.body.access_token);
    if (ctx.oidc?.params?.grant_type === 'refresh_token') stats.refreshGrants += 1;
  }
  if (ctx.path === '/token/revocation' && ctx.status === 200) stats.revocations += 1;
});

const callback = provider.callback();
const server = http.createServer((req, res) => {
  if (!req.url.startsWith('/test/')) return callback(req, res);
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    if (req.method === 'POST' && req.url === '/test/settings') {
      const change = JSON.parse(body || '{}');
      if (change.clockOffsetSeconds !== undefined) clockOffsetSeconds = change.clockOffsetSeconds;
      if (change.audience !== undefined) audience = change.audience;
    }
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ ...stats, clockOffsetSeconds, audience }));
  });
});
server.listen(settings.port, '127.0.0.1', () => process.stdout.write(`oidc-provider ready ${issuer}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
