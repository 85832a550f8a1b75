import { tsToMs } from '@temporalio/common/lib/time';
import { MockActivityEnvironment, type TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type mongoose from 'mongoose';
import { createNotificationActivities } from '../../../activities/notification-activities';
import { createCalendar } from '../../../src/domain/calendar';
import { createSmtpChannel, createDevChannel } from '../../../src/notify/channels';
import { loadTemplates } from '../../../src/notify/templates';
import { caseStateModel } from '../../../src/store/case-state-model';
import { syncOpenCase } from '../../../src/store/open-cases';
import { openTestStore } from '../../support/services';
import { withTimeSkippingEnv } from '../../support/time-skipping';
import { supervisorDigestWorkflowId } from '../../../src/domain/notify';
import type { supervisorDigestWorkflow } from '../../../workflows/supervisor-digest-workflow';
import { messageValues, startSmtpSink } from './helpers';

const taskQueue = 'notify-digest-test';
let env: TestWorkflowEnvironment;
let store: { connection: mongoose.Connection; drop(): Promise<void> };
let bundle: WorkflowBundleWithSourceMap;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let activities: ReturnType<typeof createNotificationActivities>;

beforeAll(async () => {
  [env, [store, bundle, smtp]] = await withTimeSkippingEnv(
    Promise.all([
      openTestStore('notify-digest'),
      bundleWorkflowCode({
        workflowsPath: require.resolve('../../../workflows/supervisor-digest-workflow'),
        logger: { info() {}, warn() {}, error() {}, debug() {}, trace() {}, log() {} },
      }),
      startSmtpSink(),
    ]),
    ([s, , sink]) => Promise.all([s.drop(), sink.close()]),
  );
  activities = createNotificationActivities({
    connection: store.connection,
    channels: {
      email: createSmtpChannel({ url: smtp.url, from: 'Veilig Thuis <no-reply@veiligthuis.local>' }),
      sms: createDevChannel(store.connection, 'sms'),
    },
    templates: loadTemplates(),
    loadContactPoints: async () => [],
    loadMessageValues: messageValues,
    loadStaff: async ({ team }) =>
      team === 'team-south' ? [{ id: 'sup-1', email: 'teamleider.zuid@vt.example' }] : [],
    inboxUrl: 'https://vt.example/inbox',
    dailyCeiling: { sms: 0, email: 0 },
    ratePerSecond: { sms: 100, email: 100 },
  });
  const at = (iso: string) => new Date(iso);
  const base = {
    householdId: 'h',
    acute: false,
    reporterKind: 'professional',
    receivedAt: at('2027-04-01T08:00:00Z'),
    phaseSince: at('2027-04-01T08:00:00Z'),
    suspended: false,
    openTaskIds: [],
    view: {},
    version: 1,
    updatedAt: at('2027-04-01T08:00:00Z'),
  };
  const states = await caseStateModel(store.connection).create([
    {
      ...base,
      _id: 'r-overdue',
      team: 'team-south',
      phase: 'decision',
      overdue: true,
      nextDueAt: at('2027-04-20T21:59:59Z'),
    },
    {
      ...base,
      _id: 'r-soon',
      team: 'team-south',
      phase: 'contact-and-assessment',
      overdue: false,
      nextDueAt: at('2027-04-26T21:59:59Z'),
    },
    {
      ...base,
      _id: 'r-later',
      team: 'team-south',
      phase: 'investigation',
      overdue: false,
      nextDueAt: at('2027-06-30T21:59:59Z'),
    },
    {
      ...base,
      _id: 'r-closed',
      team: 'team-south',
      phase: 'closed',
      overdue: true,
      nextDueAt: at('2027-04-20T21:59:59Z'),
    },
    {
      ...base,
      _id: 'r-other-team',
      team: 'team-north',
      phase: 'decision',
      overdue: true,
      nextDueAt: at('2027-04-20T21:59:59Z'),
    },
  ]);
  // The digest reads the teams' open-cases lists the projection writes keep.
  for (const state of states) await syncOpenCase(store.connection, state);
});

afterAll(async () => {
  await smtp?.close();
  await env?.teardown();
  await store?.drop();
});

describe('supervisor digest (time-skipping server)', () => {
  it("goes out at 07:30 on each working day, skipping the weekend and King's Day (Tuesday 27 April 2027)", async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities,
    });
    const handle = await env.client.workflow.start<typeof supervisorDigestWorkflow>('supervisorDigestWorkflow', {
      taskQueue,
      workflowId: supervisorDigestWorkflowId('team-south'),
      // Friday 23 April 2027, 12:00 Amsterdam time: that day's digest time has passed.
      args: [{ team: 'team-south', notBefore: '2027-04-23T10:00:00Z', stopAfter: 3 }],
    });
    const sent = await worker.runUntil(handle.result());
    expect(sent).toEqual(['2027-04-26', '2027-04-28', '2027-04-29']);

    const calendar = createCalendar();
    const events = (await handle.fetchHistory()).events ?? [];
    const digestTimes = events
      .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendSupervisorDigest')
      .map((e) => tsToMs(e.eventTime));
    expect(digestTimes.map((t) => calendar.localDateOf(new Date(t)))).toEqual([
      '2027-04-26',
      '2027-04-28',
      '2027-04-29',
    ]);
    // 07:30 CEST = 05:30Z, not earlier, and well before the working day is over.
    for (const t of digestTimes) {
      expect(new Date(t).toISOString().slice(11, 16) >= '05:30').toBe(true);
      expect(new Date(t).toISOString().slice(11, 16) < '06:30').toBe(true);
    }

    // Through the real SMTP server: one e-mail per working day, none for King's Day.
    const digests = smtp.messages.filter((m) => m.to.includes('teamleider.zuid@vt.example'));
    expect(digests).toHaveLength(3);
    expect(digests.map((m) => /Dagoverzicht van (\S+)/.exec(m.decoded)![1])).toEqual([
      '2027-04-26',
      '2027-04-28',
      '2027-04-29',
    ]);
    for (const m of digests) {
      expect(m.raw).toMatch(/^Subject: Veilig Thuis: dagoverzicht termijnen$/m);
      // Cases by their short reference, never the internal id.
      expect(m.decoded).toMatch(/! VT-\d{4}-\d{5} · decision · 2027-04-20/);
      expect(m.raw).not.toMatch(/r-overdue|r-soon|r-closed|r-other-team|r-later/);
    }
    expect(digests[0].decoded).toMatch(/- VT-\d{4}-\d{5} · contact-and-assessment · 2027-04-26/);
  });

  it('the same day is never sent twice, even when the activity runs again', async () => {
    const before = smtp.messages.length;
    await new MockActivityEnvironment().run(activities.sendSupervisorDigest, {
      team: 'team-south',
      date: '2027-04-26',
    });
    expect(smtp.messages.length).toBe(before);
  });
});
