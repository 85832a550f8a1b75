import type mongoose from 'mongoose';
import type { Client } from '@temporalio/client';
import { createCalendar } from '../../src/domain/calendar';
import { trailEventId } from '../../src/audit/audit-trail';
import { auditEventModel } from '../../src/store/audit-event-model';
import { auditTrailHeadModel } from '../../src/store/audit-trail-head-model';
import { caseFileEntryModel } from '../../src/store/case-file-entry-model';
import { caseFileKey, entryAttachmentsKey } from '../../src/store/case-file-lists';
import { caseStateModel } from '../../src/store/case-state-model';
import { householdModel } from '../../src/store/household-model';
import { firstStepNorm, kpiDayKey } from '../../src/store/kpi-facts';
import { noticeModel } from '../../src/store/notice-model';
import { OPEN_CASE_TEAMS_KEY, openCaseEntryOf, openCasesKey, type OpenCaseEntry } from '../../src/store/open-cases';
import { openWorkModel, storedEntries } from '../../src/store/open-work-model';
import {
  assigneeKey,
  byDue,
  entryOf,
  reportKey,
  storeEntries,
  teamKey,
  type OpenTaskEntry,
} from '../../src/store/open-work';
import { byBucket } from '../../src/store/list-buckets';
import { reportModel } from '../../src/store/report-model';
import { taskModel } from '../../src/store/task-model';
import { startVisibleCases, type VisibleCaseSeed } from '../../test/support/visible-cases';

export const TEAMS = ['north', ...Array.from({ length: 9 }, (_, i) => `team-${i + 1}`)];
const DAY = 86_400_000;
const YEAR = 365 * DAY;
const cal = createCalendar();

/** A case of the seeded history: every fifth is open (received in the last 120 days), the rest closed over 20 years. */
export function caseOf(i: number, total: number, now: number) {
  const open = i % 5 === 0;
  const team = TEAMS[Math.floor(i / 5) % TEAMS.length];
  const receivedAt = new Date(
    open ? now - ((i * 7919) % 120) * DAY - 3_600_000 : now - 121 * DAY - (i / total) * 20 * YEAR,
  );
  const closedAt = open ? undefined : new Date(receivedAt.getTime() + 60 * DAY);
  return { id: `bench-${i}`, open, team, receivedAt, closedAt, kind: Math.floor(i / 50) % 20 };
}

type Docs = Record<string, unknown[]>;

/** One case's documents in every collection a region's history fills, as the models keep them. */
function documentsOf(i: number, total: number, now: number, docs: Docs, derived: Derived) {
  const c = caseOf(i, total, now);
  const hid = `bench-h-${i}`;
  const assignee = `cw-${c.team}-${i % 7}`;
  // Open cases: 5 % overdue, 5 % due within a working day, 10 % waiting on the reporter for weeks.
  const overdue = c.open && c.kind === 0;
  const atRisk = c.open && c.kind === 1;
  const waiting = c.open && (c.kind === 2 || c.kind === 3);
  const phase = !c.open ? 'closed' : waiting ? 'awaiting-transparency' : 'contact-and-assessment';
  const nextDueAt = !c.open
    ? undefined
    : new Date(overdue ? now - 5 * 3_600_000 : atRisk ? now + 3 * 3_600_000 : now + (10 + (i % 30)) * DAY);
  const phaseSince = new Date(waiting ? now - (20 + (i % 20)) * DAY : c.receivedAt.getTime());
  docs.reports.push({
    _id: c.id,
    team: c.team,
    householdId: hid,
    receivedAt: c.receivedAt,
    acuteDanger: false,
    reporter: { kind: 'professional', name: 'Bench Reporter', organisation: 'School' },
    concern: { description: 'Benchmark report about the safety of a child at home.' },
    createdBy: 'bench',
    createdAt: c.receivedAt,
    workflowStarted: true,
    startAttempts: 1,
  });
  docs.households.push({
    _id: hid,
    team: c.team,
    members: [
      { memberId: 'm1', name: 'Child Bench', kind: 'child', birthDate: '2015-04-01' },
      { memberId: 'm2', name: 'Parent Bench', kind: 'adult' },
    ],
    contactPoints: [{ contactPointId: 'c1', channel: 'phone', value: '+31 6 1234 5678', safety: 'safe' }],
    reports: [{ reportId: c.id, receivedAt: c.receivedAt }],
    createdAt: c.receivedAt,
  });
  // A closed case went through five tasks; an open one has those up to its phase's, the last open
  // (a team inbox is mostly contact tasks, which the inbox shows with their prior information).
  const types = !c.open
    ? ['transparency', 'contact-and-assessment', 'decision', 'safety-conditions', 'monitoring-check']
    : waiting
      ? ['transparency']
      : ['transparency', 'contact-and-assessment'];
  const taskIds: string[] = [];
  const gatheredAt = new Date(c.receivedAt.getTime() + 60_000).toISOString();
  const gathered = { gatheredAt, earlierReportIds: [] as string[], board: { status: 'unknown' as const } };
  const priorFacts = { householdId: hid, receivedAt: c.receivedAt.toISOString(), ...gathered };
  types.forEach((type, k) => {
    const last = k === types.length - 1;
    const isOpen = c.open && last;
    const createdAt = new Date(c.receivedAt.getTime() + k * 2 * DAY);
    const completedAt = isOpen ? undefined : new Date(createdAt.getTime() + (1 + (i % 4)) * DAY);
    const task = {
      _id: `${c.id}:${type}:1`,
      type,
      reportId: c.id,
      team: c.team,
      ...(i % 3 === 0 || !isOpen ? { assignee } : {}),
      waitingOn: waiting && isOpen ? 'reporter' : 'caseworker',
      status: isOpen ? 'open' : 'completed',
      createdAt,
      ...(isOpen ? { dueAt: nextDueAt } : { dueAt: new Date(createdAt.getTime() + 5 * DAY) }),
      overdue: isOpen && overdue,
      ...(completedAt ? { completedAt, completedBy: assignee } : {}),
      // As the workflow writes a contact task: with the prior facts it gathered before opening it.
      ...(type === 'contact-and-assessment' ? { prior: priorFacts } : {}),
      updatedAt: completedAt ?? createdAt,
    };
    docs.tasks.push(task);
    taskIds.push(task._id);
    if (isOpen) derived.open(entryOf(task as never));
    if (completedAt && (type === 'contact-and-assessment' || type === 'decision')) {
      const inTime = completedAt.getTime() <= firstStepNorm(c.receivedAt).getTime();
      const step = type === 'decision' ? 'decision' : 'contact';
      derived.fact(c.receivedAt, `${c.team}|${step}-${inTime ? 'in-time' : 'late'}|${c.id}`);
    }
  });
  derived.fact(c.receivedAt, `${c.team}|received|${c.id}`);
  docs.open_work.push({ _id: reportKey(c.id), entries: JSON.stringify(taskIds), updatedAt: new Date(now) });
  // Three case-file entries, no attachments: their ids in the report's list, an empty list each.
  const entryIds = [1, 2, 3].map((k) => `${c.id}:entry:${k}`);
  entryIds.forEach((_id, k) => {
    const at = new Date(c.receivedAt.getTime() + (k * 2 + 1) * DAY);
    const version = { version: 1, title: `Verslag ${k + 1}`, sensitive: k === 2, author: assignee, at };
    const text = 'Benchmark case-file entry: what the caseworker heard and saw at the home visit.';
    docs.case_file_entries.push({
      _id,
      reportId: c.id,
      team: c.team,
      type: 'conversation-report',
      sensitive: k === 2,
      createdBy: assignee,
      createdAt: at,
      updatedAt: at,
      currentVersion: 1,
      versions: [{ ...version, text }],
    });
    docs.open_work.push({ _id: entryAttachmentsKey(_id), entries: '[]', updatedAt: new Date(now) });
  });
  docs.open_work.push({ _id: caseFileKey(c.id), entries: JSON.stringify(entryIds), updatedAt: new Date(now) });
  docs.case_states.push({
    _id: c.id,
    householdId: hid,
    team: c.team,
    ...(c.open && i % 3 === 0 ? { assignee } : {}),
    acute: false,
    reporterKind: 'professional',
    receivedAt: c.receivedAt,
    phase,
    phaseSince,
    ...(c.open ? { waitingOn: waiting ? 'reporter' : 'caseworker' } : {}),
    ...(nextDueAt ? { nextDueAt } : {}),
    overdue,
    suspended: false,
    ...(c.closedAt ? { closedAt: c.closedAt } : {}),
    openTaskIds: c.open ? [taskIds[taskIds.length - 1]] : [],
    view: {
      reportId: c.id,
      phase,
      decisions: types.slice(0, c.open ? types.length - 1 : types.length).map((type, k) => ({
        at: new Date(c.receivedAt.getTime() + (k * 2 + 1) * DAY).toISOString(),
        taskId: `${c.id}:${type}:1`,
        type,
        payload: { outcome: 'done' },
        by: assignee,
      })),
      supervisorActions: [],
      deadlines: [],
      openTasks: [],
      ...(types.includes('contact-and-assessment')
        ? {
            priorInformationAt: gathered.gatheredAt,
            earlierReports: { count: 0, openReportIds: [], reportIds: [] },
            childProtectionBoard: gathered.board,
          }
        : {}),
    },
    version: 12,
    updatedAt: new Date(c.open ? now - (i % 3) * DAY : (c.closedAt ?? c.receivedAt).getTime()),
  });
  const openCase = openCaseEntryOf(docs.case_states[docs.case_states.length - 1] as never);
  if (openCase) derived.openCases.push(openCase);
  for (let k = 1; k <= 10; k++)
    docs.audit_events.push({
      _id: trailEventId(c.id, k),
      at: new Date(c.receivedAt.getTime() + k * 3_600_000),
      actor: { sub: assignee, role: 'caseworker', team: c.team },
      action: k === 1 ? 'report.create' : 'report.read',
      object: { type: 'report', id: c.id },
      reportId: c.id,
      result: 'success',
      origin: { requestId: `bench-${i}-${k}`, channel: 'api' },
      purpose: 'case-handling',
    });
  docs.audit_trail_heads.push({ _id: c.id, n: 10, updatedAt: new Date(now) });
  docs.notices.push({
    _id: `${c.id}:notice:report-and-agreements:1`,
    householdId: hid,
    reportId: c.id,
    kind: 'report-and-agreements',
    status: 'sent',
    recordedAt: c.receivedAt,
  });
  if (c.open)
    derived.visible.push({
      reportId: c.id,
      team: c.team,
      phase,
      phaseSince,
      overdue,
      ...(nextDueAt ? { nextDueAt } : {}),
      ...(c.open ? { waitingOn: waiting ? 'reporter' : 'caseworker' } : {}),
    });
}

class Derived {
  readonly lists = new Map<string, OpenTaskEntry[]>();
  readonly facts = new Map<string, string[]>();
  openCases: OpenCaseEntry[] = [];
  visible: VisibleCaseSeed[] = [];
  open(e: OpenTaskEntry) {
    for (const key of [teamKey(e.team), ...(e.assignee ? [assigneeKey(e.assignee)] : [])])
      this.lists.set(key, [...(this.lists.get(key) ?? []), e]);
  }
  fact(day: Date, fact: string) {
    const key = kpiDayKey(cal.localDateOf(day));
    const list = this.facts.get(key);
    if (list) list.push(fact);
    else this.facts.set(key, [fact]);
  }
}

/**
 * Seeds cases [from, to) of a history of `total` cases straight into the collections (raw
 * insertMany in batches: the models' hooks would keep the derived lists one write at a time), then
 * the derived documents those hooks keep (inbox lists, KPI days, trail heads) in bulk, and the open
 * cases' workflows in visibility.
 */
export async function seedHistory(
  store: mongoose.Connection,
  temporal: { client: Client; taskQueue: string },
  range: { from: number; to: number; total: number },
  now: number,
  onProgress: (done: number) => void = () => undefined,
): Promise<void> {
  const models = {
    reports: reportModel(store),
    households: householdModel(store),
    tasks: taskModel(store),
    case_states: caseStateModel(store),
    audit_events: auditEventModel(store),
    audit_trail_heads: auditTrailHeadModel(store),
    notices: noticeModel(store),
    case_file_entries: caseFileEntryModel(store),
    open_work: openWorkModel(store),
  };
  const derived = new Derived();
  const batch = 200;
  for (let start = range.from; start < range.to; start += batch) {
    const docs: Docs = Object.fromEntries(Object.keys(models).map((k) => [k, []]));
    for (let i = start; i < Math.min(range.to, start + batch); i++) documentsOf(i, range.total, now, docs, derived);
    await Promise.all(
      Object.entries(docs).map(([name, list]) =>
        list.length
          ? models[name as keyof typeof models].collection.insertMany(list as never[], { ordered: false })
          : undefined,
      ),
    );
    onProgress(Math.min(range.to, start + batch) - range.from);
  }
  const stored = async <T>(key: string) => JSON.parse((await storedEntries(store, key)) ?? '[]') as T[];
  // The derived lists merged with what an earlier step left; a team's lists in buckets (list-buckets.ts).
  const merge = async <T>(key: string, added: T[], order?: (a: T, b: T) => number) => {
    for (const [doc, entries] of byBucket(key, added)) {
      const all = [...(await stored<T>(doc)), ...entries];
      await storeEntries(store, doc, order ? all.sort(order) : all, new Date(now));
    }
  };
  for (const [key, entries] of derived.lists) await merge<OpenTaskEntry>(key, entries, byDue);
  for (const [key, facts] of derived.facts) await merge<string>(key, facts);
  // The teams' open-cases lists (src/store/open-cases.ts) and the list of teams that have one.
  const byTeam = new Map<string, OpenCaseEntry[]>();
  for (const e of derived.openCases)
    byTeam
      .set(e.team, byTeam.get(e.team) ?? [])
      .get(e.team)!
      .push(e);
  for (const [team, entries] of byTeam) await merge<OpenCaseEntry>(openCasesKey(team), entries);
  const teams = [...new Set([...(await stored<string>(OPEN_CASE_TEAMS_KEY)), ...byTeam.keys()])].sort();
  await storeEntries(store, OPEN_CASE_TEAMS_KEY, teams, new Date(now));
  await startVisibleCases(temporal.client, temporal.taskQueue, derived.visible, 32);
}
