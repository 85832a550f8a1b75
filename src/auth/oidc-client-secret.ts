import fs from 'node:fs';
import { StartupError } from '../services/startup-error';

export interface OidcClientSecretSource {
  VT_OIDC_CLIENT_SECRET?: string;
  VT_OIDC_CLIENT_SECRET_FILE?: string;
}

/**
 * The OIDC client's secret, from a mounted file (VT_OIDC_CLIENT_SECRET_FILE) or the environment.
 * The provider issues it, so it is only ever read: never generated, not even in development (a
 * public client there simply has none). Configuration refuses both variables at once.
 */
export function loadOidcClientSecret(source: OidcClientSecretSource): string | undefined {
  const { VT_OIDC_CLIENT_SECRET_FILE: file, VT_OIDC_CLIENT_SECRET: inline } = source;
  if (!file) return inline;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new StartupError(
      `Cannot read the OIDC client secret at VT_OIDC_CLIENT_SECRET_FILE (${(err as NodeJS.ErrnoException).code ?? 'error'}).`,
      'Check the path and that this process may read the file.',
    );
  }
  if (!text)
    throw new StartupError(
      'The OIDC client secret in VT_OIDC_CLIENT_SECRET_FILE is empty.',
      'Put the client secret the identity provider issued for VT_OIDC_CLIENT_ID in the file.',
    );
  return text;
}
