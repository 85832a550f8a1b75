/// <reference lib="dom" />
import { dutchReason, FALLBACK_REASON } from './error-text';
import { csrfToken, forgetSession } from './session';

/** A field-level problem, normalised from whichever shape the problem document uses. */
export interface FieldError {
  path: string[];
  message: string;
  code?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Record<string, unknown>,
  ) {
    super(
      typeof problem.detail === 'string'
        ? problem.detail
        : typeof problem.title === 'string'
          ? problem.title
          : `HTTP ${status}`,
    );
  }

  fieldErrors(): FieldError[] {
    return fieldErrorsOf(this.problem);
  }
}

/**
 * The invalid fields a problem document names, with their messages in Dutch. The API's lists
 * (`invalidParams` with a code, a refused completion's `reasons` as "path: reason") are English and
 * are put in Dutch here (error-text.ts); `errors` comes from the web routes, already in Dutch.
 */
export function fieldErrorsOf(problem: Record<string, unknown>): FieldError[] {
  const lists: [unknown, boolean][] = [
    [problem.errors, false],
    [problem.invalidParams, true],
    [problem['invalid-params'], true],
    [problem.issues, true],
    [problem.reasons, true],
  ];
  const out: FieldError[] = [];
  for (const [list, english] of lists) {
    if (!Array.isArray(list)) continue;
    const say = (text: string, code?: string) => (english ? dutchReason(text, code) : text);
    for (const item of list) {
      if (typeof item === 'string') {
        const m = /^([^:]+):\s*(.*)$/.exec(item);
        if (m) out.push({ path: splitPath(m[1]), message: say(m[2]) });
        else out.push({ path: [], message: say(item) });
        continue;
      }
      if (!item || typeof item !== 'object') continue;
      const e = item as Record<string, unknown>;
      const raw = e.pointer ?? e.path ?? e.name ?? e.field ?? e.in ?? '';
      const text = e.detail ?? e.message ?? e.reason ?? e.title;
      const code = typeof e.code === 'string' ? e.code : undefined;
      const message = typeof text === 'string' ? say(text, code) : code ? dutchReason('', code) : FALLBACK_REASON;
      out.push({ path: Array.isArray(raw) ? raw.map(String) : splitPath(String(raw)), message, code });
    }
  }
  return out;
}

function splitPath(raw: string): string[] {
  const trimmed = raw.replace(/^#/, '').replace(/^\//, '');
  if (!trimmed || trimmed === '(payload)' || trimmed === '(root)') return [];
  return (trimmed.includes('/') ? trimmed.split('/') : trimmed.split('.'))
    .filter(Boolean)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export async function api<T = unknown>(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: {
      Accept: 'application/json, application/problem+json',
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...writeHeaders(method),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (res.status === 401) {
    forgetSession();
    location.assign(`/inloggen?terug=${encodeURIComponent(location.pathname + location.search)}`);
    throw new ApiError(401, { title: 'Niet ingelogd' });
  }
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { title: text };
    }
  }
  if (!res.ok) throw new ApiError(res.status, (data as Record<string, unknown>) ?? { title: `HTTP ${res.status}` });
  return data as T;
}

/** The session's CSRF token on every write: the cookie alone never authorises a change. */
export function writeHeaders(method: string): Record<string, string> {
  const token = csrfToken();
  return method === 'GET' || method === 'HEAD' || !token ? {} : { 'X-CSRF-Token': token };
}

export const get = <T>(url: string) => api<T>('GET', url);
export const post = <T>(url: string, body: unknown = {}, headers?: Record<string, string>) =>
  api<T>('POST', url, body, headers);

export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
