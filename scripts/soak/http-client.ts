/** One HTTP answer as the soak needs it: status, headers, parsed JSON when there is any. */
export interface Answer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field
  body: any;
}

/** Statuses a caseworker's client retries after a pause: an outage, a limit, a lost connection (0). */
export const RETRYABLE = new Set([0, 429, 502, 503, 504]);

/**
 * A plain HTTP call with a deadline of its own; a refused or dropped connection answers status 0
 * rather than throwing, so callers treat it like any other answer to retry.
 */
export async function call(
  baseUrl: string,
  method: string,
  urlPath: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(`${baseUrl}${urlPath}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
    const text = await res.text();
    const json = (res.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : text;
    return { status: res.status, headers: res.headers, body: json };
  } catch {
    return { status: 0, headers: new Headers(), body: undefined };
  }
}

/** Waits as the server asked (Retry-After, at most 10 s), or a second. */
export function pauseFor(answer: Answer): Promise<void> {
  const asked = Number(answer.headers.get('retry-after'));
  const ms = Number.isFinite(asked) && asked > 0 ? Math.min(asked, 10) * 1000 : 1000;
  return new Promise((r) => setTimeout(r, ms));
}
