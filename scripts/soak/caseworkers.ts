import type { Principal } from '../../src/auth/principal';
import { call, pauseFor, RETRYABLE, type Answer } from './http-client';

export interface CaseRun {
  index: number;
  team: string;
  reportId?: string;
  phase?: string;
  completions: number;
  /** Why the simulated caseworker gave up (a refusal it did not expect), if it did. */
  error?: string;
}

export interface Caseworkers {
  apiUrl: string;
  token(principal: Principal): Promise<string>;
  /** The run's bound: a case not closed by then is reported as unfinished. */
  deadline: number;
  runId: string;
  /** Every status the API answered, to print beside the fault counts. */
  statuses: Map<number, number>;
}

const today = () => new Date().toISOString().slice(0, 10);
const think = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Three ways through a case, all ending closed without waiting for a legal deadline: most end
 * involvement at the decision, some go through an investigation to closure, some end with a request
 * to the Child Protection Board. Citizen reporters skip transparency; every tenth case is acute.
 */
function payloadFor(type: string, index: number): unknown {
  const route = index % 8 < 5 ? 'end' : index % 8 < 7 ? 'investigation' : 'board';
  switch (type) {
    case 'transparency':
      return index % 2
        ? { kind: 'waived', reason: 'client-unreachable' }
        : { kind: 'confirmed', discussedOn: today(), clientReaction: 'agrees' };
    case 'contact-and-assessment':
      return {
        contactedAt: new Date().toISOString(),
        safetyAssessment: 'safe',
        safetyOversight: 'reporter',
        veiligThuisActs: false,
      };
    case 'decision':
      if (route === 'end') return { branch: 'end-of-involvement', grounds: 'no-concerns', responsibility: 'reporter' };
      if (route === 'investigation') return { branch: 'investigation', grounds: 'facts-unclear' };
      return { branch: 'child-protection-board-request' };
    case 'investigation':
      return {
        next: 'closure',
        findings: 'not-confirmed',
        outcome: 'concerns-not-confirmed',
        responsibility: 'reporter',
      };
    case 'child-protection-board-request':
      return { submittedOn: today(), requestRef: `rvdk-soak-${index}` };
    default:
      return undefined;
  }
}

function reportBody(index: number, team: string) {
  const n = String(index).padStart(4, '0');
  return {
    reporter: {
      kind: index % 3 === 2 ? 'citizen' : 'professional',
      name: `Soak Reporter ${n}`,
      email: `reporter-${n}@example.org`,
    },
    household: {
      members: [
        { name: `Soak Child ${n}`, kind: 'child', birthDate: '2016-05-01' },
        { name: `Soak Parent ${n}`, kind: 'adult' },
      ],
      contactPoints: [
        { channel: 'phone', value: `+31 6 1${n.padStart(7, '0')}`, safety: 'safe' },
        { channel: 'email', value: `household-${n}@example.org`, safety: 'safe' },
      ],
    },
    concern: { description: `Soak case ${n}: worries about the safety at home.` },
    acuteDanger: index % 10 === 9,
    team,
  };
}

/** Calls until the answer is not an outage or a limit (honouring Retry-After), or the run's bound passes. */
async function persist(cw: Caseworkers, attempt: () => Promise<Answer>): Promise<Answer> {
  for (;;) {
    const answer = await attempt();
    cw.statuses.set(answer.status, (cw.statuses.get(answer.status) ?? 0) + 1);
    if (!RETRYABLE.has(answer.status) || Date.now() > cw.deadline) return answer;
    await pauseFor(answer);
  }
}

/**
 * One simulated caseworker takes one case from intake to closure over HTTP, as a person with a
 * browser would: registers it, then completes whatever task is open, and waits when none is. Every
 * write carries an Idempotency-Key fixed per action, so a retry after an outage or a lost answer
 * is the same action, never a second one.
 */
export async function driveCase(cw: Caseworkers, index: number): Promise<CaseRun> {
  const team = `soak${index}`;
  const run: CaseRun = { index, team, completions: 0 };
  const worker = await cw.token({ sub: `cw-${index}`, role: 'caseworker', team });
  const admin = await cw.token({ sub: 'soak-admin', role: 'admin' });
  const intake = await persist(cw, () =>
    call(cw.apiUrl, 'POST', '/v1/reports', {
      token: admin,
      body: reportBody(index, team),
      headers: { 'idempotency-key': `soak-${cw.runId}-intake-${index}` },
    }),
  );
  if (intake.status !== 201) {
    run.error = `intake answered ${intake.status}`;
    return run;
  }
  run.reportId = intake.body.id as string;
  while (Date.now() < cw.deadline) {
    const inbox = await persist(cw, () =>
      call(cw.apiUrl, 'GET', '/v1/tasks?status=open&pageSize=100', { token: worker }),
    );
    if (inbox.status !== 200) continue;
    const open = (inbox.body.tasks as { id: string; type: string; reportId: string }[]).filter(
      (t) => t.reportId === run.reportId,
    );
    if (open.length === 0) {
      const report = await persist(cw, () => call(cw.apiUrl, 'GET', `/v1/reports/${run.reportId}`, { token: worker }));
      run.phase = report.body?.phase ?? run.phase;
      if (run.phase === 'closed') return run;
      await think(1_000); // the workflow is working; a person would look again shortly
      continue;
    }
    for (const task of open) {
      const payload = payloadFor(task.type, index);
      if (payload === undefined) {
        run.error = `no payload for a ${task.type} task`;
        return run;
      }
      const done = await complete(cw, worker, task.id, payload);
      if (done.status === 200) run.completions++;
      else if (done.status !== 409) {
        run.error = `completion of ${task.type} answered ${done.status}: ${JSON.stringify(done.body)?.slice(0, 300)}`;
        return run;
      }
    }
  }
  return run;
}

/**
 * A completion; a 202 is followed to its outcome at Location, as the web interface does. An outcome
 * of 404 means Temporal lost the command before the workflow took it (an Update that was only
 * admitted does not survive a Temporal restart): the client sends it again under the same key,
 * which is safe — were it taken after all, the same key is the same Update.
 */
async function complete(cw: Caseworkers, token: string, taskId: string, payload: unknown): Promise<Answer> {
  const key = `soak-${cw.runId}-${taskId}`;
  for (;;) {
    const answer = await persist(cw, () =>
      call(cw.apiUrl, 'POST', `/v1/tasks/${taskId}/completion`, {
        token,
        body: { payload },
        headers: { 'idempotency-key': key },
      }),
    );
    if (answer.status !== 202) return answer;
    const location = answer.headers.get('location')!;
    let outcome = answer;
    while (outcome.status === 202 && Date.now() < cw.deadline) {
      await pauseFor(outcome);
      outcome = await persist(cw, () => call(cw.apiUrl, 'GET', location, { token }));
    }
    if (outcome.status !== 404 || Date.now() > cw.deadline) return outcome;
  }
}
