/// <reference lib="dom" />
/** The signed-in user: the bearer token lives in this tab's sessionStorage only. */
const KEY = 'vt.token';

export interface User {
  sub: string;
  role: string;
  team: string;
  exp?: number;
}

export function token(): string | null {
  return sessionStorage.getItem(KEY);
}

export function signIn(jwt: string): void {
  sessionStorage.setItem(KEY, jwt);
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}

/** The token's claims, for display and navigation only; the API verifies the token itself. */
export function currentUser(): User | null {
  const jwt = token();
  if (!jwt) return null;
  try {
    const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), '='))) as Record<
      string,
      unknown
    >;
    if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) {
      signOut();
      return null;
    }
    const role = pick(claims, ['role', 'roles', 'vt_role']);
    const team = pick(claims, ['team', 'teams', 'vt_team']);
    return { sub: String(claims.sub ?? ''), role, team, exp: claims.exp as number | undefined };
  } catch {
    signOut();
    return null;
  }
}

function pick(claims: Record<string, unknown>, keys: string[]): string {
  for (const key of keys) {
    const value = claims[key];
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  }
  return '';
}

export function isSupervisor(user: User | null): boolean {
  return user?.role === 'supervisor' || user?.role === 'admin';
}
