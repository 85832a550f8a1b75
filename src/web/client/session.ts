/// <reference lib="dom" />
/**
 * The signed-in user. The session lives on the server behind an httpOnly cookie that no script
 * can read; the page only learns who is signed in and the session's CSRF token, which it sends
 * with every write (`X-CSRF-Token`). Loaded once per page load by `loadSession()` before a page renders.
 */
export interface User {
  sub: string;
  role: string;
  team: string;
}

interface SessionInfo {
  signedIn: boolean;
  user?: { sub: string; role: string; team?: string };
  csrfToken?: string;
}

let current: { user: User; csrfToken: string } | null = null;

export async function loadSession(): Promise<User | null> {
  const res = await fetch('/web/session', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  const info = res.ok ? ((await res.json()) as SessionInfo) : { signedIn: false };
  current =
    info.signedIn && info.user && info.csrfToken ? { user: userOf(info.user), csrfToken: info.csrfToken } : null;
  return current?.user ?? null;
}

/** After a sign-in that answered with the session (the development sign-in). */
export function signedIn(info: SessionInfo): void {
  current = info.user && info.csrfToken ? { user: userOf(info.user), csrfToken: info.csrfToken } : null;
}

function userOf(u: { sub: string; role: string; team?: string }): User {
  return { sub: u.sub, role: u.role, team: u.team ?? '' };
}

export function csrfToken(): string | null {
  return current?.csrfToken ?? null;
}

export function currentUser(): User | null {
  return current?.user ?? null;
}

/** Ends the session on the server (and, with OIDC, at the identity provider) and leaves the page. */
export async function signOut(): Promise<void> {
  const token = csrfToken();
  current = null;
  let target = '/inloggen?uitgelogd=1';
  try {
    const res = await fetch('/web/logout', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...(token ? { 'X-CSRF-Token': token } : {}) },
    });
    if (res.ok) target = ((await res.json()) as { redirect?: string }).redirect ?? target;
  } finally {
    location.assign(target);
  }
}

/** Forget the session in this page only (the server refused it: it ended or expired). */
export function forgetSession(): void {
  current = null;
}

export function isSupervisor(user: User | null): boolean {
  return user?.role === 'supervisor' || user?.role === 'admin';
}
