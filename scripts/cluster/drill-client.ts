import { setTimeout as pause } from 'node:timers/promises';

export interface Api {
  urls: string[];
  token: string;
}

interface Answer {
  status: number;
  body: { id?: string; phase?: string } & Record<string, unknown>;
}

const REPORT = {
  reporter: {
    kind: 'professional',
    name: 'Drill Reporter',
    organisation: 'School',
    phone: '+31 20 123 4567',
    email: 'drill@example.org',
  },
  household: {
    members: [{ name: 'Drill Child', kind: 'child', birthDate: '2015-04-01' }],
    contactPoints: [{ channel: 'phone', value: '+31 6 1234 5678', safety: 'not-safe' }],
  },
  concern: { description: 'Kill drill: worries about the safety of the child at home.' },
  acuteDanger: false,
};

/**
 * One request as a client behind a load balancer makes it: a dead API (connection refused) or a 5xx
 * sends the same request, with the same Idempotency-Key, to the next API until one answers.
 * A task that does not exist yet (404) is asked again: the workflow creates it a moment later.
 */
async function call(
  api: Api,
  n: number,
  method: string,
  urlPath: string,
  key?: string,
  body?: unknown,
): Promise<Answer> {
  for (let attempt = 0; attempt < 240; attempt++) {
    const base = api.urls[(n + attempt) % api.urls.length];
    try {
      const res = await fetch(`${base}${urlPath}`, {
        method,
        headers: {
          authorization: `Bearer ${api.token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(key ? { 'idempotency-key': key } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      const answer = { status: res.status, body: (await res.json().catch(() => ({}))) as Answer['body'] };
      // 429: this caseworker writes faster than the limit allows; wait as Retry-After says.
      if (res.status === 429) await pause(Number(res.headers.get('retry-after') ?? 5) * 1000);
      else if (res.status < 500 && res.status !== 404) return answer;
    } catch {
      // A killed API: the next attempt goes to the other one.
    }
    await pause(500);
  }
  throw new Error(`${method} ${urlPath}: no answer after 240 attempts`);
}

const today = () => new Date().toISOString().slice(0, 10);

/** Registers case `n`, works its three tasks and waits until it is closed; returns its report id. */
export async function closeCase(api: Api, n: number, onIntake: () => void): Promise<string> {
  const created = await call(api, n, 'POST', '/v1/reports', `drill-intake-${n}`, REPORT);
  if (created.status !== 201 && created.status !== 200) throw new Error(`intake ${n}: ${created.status}`);
  const id = created.body.id!;
  onIntake();
  const steps: [string, unknown][] = [
    ['transparency', { kind: 'confirmed', discussedOn: today(), clientReaction: 'understands' }],
    [
      'contact-and-assessment',
      {
        contactedAt: new Date().toISOString(),
        safetyAssessment: 'unsafe-structural',
        safetyOversight: 'veilig-thuis',
        veiligThuisActs: true,
      },
    ],
    ['decision', { branch: 'end-of-involvement', grounds: 'help-already-in-place', responsibility: 'care-provider' }],
  ];
  for (const [type, payload] of steps) {
    const res = await call(api, n, 'POST', `/v1/tasks/${id}:${type}:1/completion`, `drill-${n}-${type}`, { payload });
    if (res.status >= 400)
      throw new Error(`case ${n} ${type}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  }
  for (let i = 0; i < 240; i++) {
    if ((await call(api, n, 'GET', `/v1/reports/${id}`)).body.phase === 'closed') return id;
    await pause(500);
  }
  throw new Error(`case ${n} (${id}) did not close`);
}
