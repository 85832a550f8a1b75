import { createHmac } from 'node:crypto';
import { tsToMs } from '@temporalio/common/lib/time';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { amsterdamDateOf, amsterdamWallTimeToEpochMillis } from '../../../src/domain/calendar/amsterdam-time';
import { addDays } from '../../../src/domain/calendar/local-date';
import { noticeDeliveryWorkflowId } from '../../../src/domain/notify';
import { deliveryModel } from '../../../src/notify/delivery-model';
import type { SmsProviderStub } from '../../../src/services/sms-provider-stub';
import { caseStateModel } from '../../../src/store/case-state-model';
import { readIds } from '../../../src/store/id-lists';
import { deliveriesKey } from '../../../src/store/message-lists';
import { noticeModel } from '../../../src/store/notice-model';
import { taskModel } from '../../../src/store/task-model';
import { noticeDeliveryStatusQuery } from '../../../workflows/notice-delivery-messages';
import type { noticeDeliveryWorkflow, NoticeDeliveryInput } from '../../../workflows/notice-delivery-workflow';
import { contactBook, skipToAmsterdamTime } from './helpers';
import { startDeliveryHarness, type DeliveryHarness } from './delivery-harness';

const SECRET = 'receipt-secret-for-tests-0123456789';
const API_KEY = 'cm-product-token-test';
const HOUR = 3_600_000;
const taskQueue = 'notify-delivery-test';

let env: TestWorkflowEnvironment;
let store: DeliveryHarness['store'];
let stub: SmsProviderStub;
let smtp: DeliveryHarness['smtp'];
let receipts: DeliveryHarness['receipts'];
let harness: DeliveryHarness | undefined;
const book = contactBook();

beforeAll(async () => {
  harness = await startDeliveryHarness({
    storePrefix: 'notify-delivery',
    workflowsPath: require.resolve('./test-workflows'),
    taskQueue,
    receiptSecret: SECRET,
    smsApiKey: API_KEY,
    loadContactPoints: book.load,
    activities: { receiptTimeoutMs: 6 * HOUR },
  });
  ({ env, store, stub, smtp, receipts } = harness);
});

afterAll(() => harness?.stop());

// Every test but the first sends during the send window (08:00–21:00), whatever time the previous
// test's result() left the server's clock at; the first moves it to 21:30 itself.
beforeEach(async () => {
  await skipToAmsterdamTime(env, '10:00');
});

async function givenReport(reportId: string, householdId: string, noticeId: string): Promise<void> {
  const now = new Date(await env.currentTimeMs());
  await caseStateModel(store.connection).create({
    _id: reportId,
    householdId,
    team: 'team-north',
    assignee: 'emp-7',
    acute: false,
    reporterKind: 'professional',
    receivedAt: now,
    phase: 'contact-and-assessment',
    phaseSince: now,
    overdue: false,
    suspended: false,
    openTaskIds: [],
    view: {},
    version: 1,
    updatedAt: now,
  });
  await noticeModel(store.connection).create({
    _id: noticeId,
    householdId,
    reportId,
    kind: 'report-and-agreements',
    status: 'recorded',
    recordedAt: now,
  });
}

function start(input: NoticeDeliveryInput) {
  return env.client.workflow.start<typeof noticeDeliveryWorkflow>('noticeDeliveryWorkflow', {
    taskQueue,
    workflowId: noticeDeliveryWorkflowId(input.noticeId),
    args: [input],
  });
}

function notice(name: string): NoticeDeliveryInput {
  const reportId = `r-${name}`;
  return {
    noticeId: `${reportId}:notice:report-and-agreements:1`,
    kind: 'report-and-agreements',
    reportId,
    householdId: `h-${name}`,
  };
}

describe('notice delivery (time-skipping server, real SMTP on loopback, SMS provider stub)', () => {
  it('holds an SMS from 21:00 until 08:00 Amsterdam time with a durable timer, then sends it once', async () => {
    const evening = await skipToAmsterdamTime(env, '21:30');
    const morning = amsterdamWallTimeToEpochMillis(addDays(amsterdamDateOf(evening), 1), 8 * 60 * 60_000);

    const input = notice('quiet');
    book.set(input.householdId, [
      { contactPointId: 'cp-quiet', channel: 'sms', address: '31600000001', safety: 'safe' },
    ]);
    await givenReport(input.reportId, input.householdId, input.noticeId);
    const handle = await start(input);
    expect(await handle.result()).toEqual({ outcome: 'delivered', contactPointId: 'cp-quiet' });

    const events = (await handle.fetchHistory()).events ?? [];
    const startedAt = tsToMs(events[0].eventTime);
    expect(startedAt).toBeGreaterThanOrEqual(evening);
    expect(startedAt).toBeLessThan(morning);
    const timer = events.find((e) => e.timerStartedEventAttributes);
    expect(Number(tsToMs(timer!.timerStartedEventAttributes!.startToFireTimeout))).toBeGreaterThanOrEqual(
      morning - startedAt - 60_000,
    );
    const send = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendNotice');
    expect(tsToMs(send!.eventTime)).toBeGreaterThanOrEqual(morning);
    expect(stub.messages.filter((m) => m.to === '31600000001')).toHaveLength(1);
    expect(stub.messages.find((m) => m.to === '31600000001')!.text).toMatch(
      /^Veilig Thuis heeft u een brief gestuurd over nummer VT-/,
    );
    expect(await noticeModel(store.connection).findById(input.noticeId).lean()).toMatchObject({ status: 'sent' });
  });

  it('never uses a contact point that is not marked safe, and gives the caseworker a task when none is', async () => {
    const input = notice('unsafe');
    book.set(input.householdId, [
      { contactPointId: 'cp-u1', channel: 'sms', address: '31600000002', safety: 'not-safe' },
      { contactPointId: 'cp-u2', channel: 'email', address: 'partner@example.org', safety: 'only-via-reporter' },
      { contactPointId: 'cp-u3', channel: 'sms', address: '31600000003', safety: 'safe' },
    ]);
    await givenReport(input.reportId, input.householdId, input.noticeId);
    expect(await (await start(input)).result()).toEqual({ outcome: 'delivered', contactPointId: 'cp-u3' });
    expect(stub.messages.filter((m) => m.to === '31600000002')).toHaveLength(0);
    expect(smtp.messages.filter((m) => m.to.includes('partner@example.org'))).toHaveLength(0);
    expect(stub.messages.filter((m) => m.to === '31600000003')).toHaveLength(1);
    // The delivery is named under its notice, where the retention purge reads it.
    expect(await readIds(store.connection, deliveriesKey(input.noticeId))).toEqual(
      (await deliveryModel(store.connection).find({ noticeId: input.noticeId }, { _id: 1 }).lean()).map((d) => d._id),
    );

    const none = notice('none-safe');
    book.set(none.householdId, [
      { contactPointId: 'cp-n1', channel: 'sms', address: '31600000004', safety: 'not-safe' },
      { contactPointId: 'cp-n2', channel: 'email', address: 'home@example.org', safety: 'only-via-reporter' },
    ]);
    await givenReport(none.reportId, none.householdId, none.noticeId);
    const result = await (await start(none)).result();
    expect(result).toEqual({ outcome: 'task-created', taskId: `${none.noticeId}:contact-household` });
    expect(stub.messages.filter((m) => m.to === '31600000004')).toHaveLength(0);
    expect(smtp.messages.filter((m) => m.to.includes('home@example.org'))).toHaveLength(0);
    expect(await taskModel(store.connection).findById(`${none.noticeId}:contact-household`).lean()).toMatchObject({
      type: 'contact-household',
      reportId: none.reportId,
      team: 'team-north',
      assignee: 'emp-7',
      status: 'open',
      waitingOn: 'caseworker',
    });
    expect(await noticeModel(store.connection).findById(none.noticeId).lean()).toMatchObject({ status: 'failed' });
  });

  it('falls back to the next safe channel on a permanent failure, and counts it delivered only on a receipt', async () => {
    const input = notice('fallback');
    stub.rejectNumber('31600000005');
    book.set(input.householdId, [
      { contactPointId: 'cp-f1', channel: 'sms', address: '31600000005', safety: 'safe' },
      { contactPointId: 'cp-f2', channel: 'email', address: 'gezin@example.org', safety: 'safe' },
    ]);
    await givenReport(input.reportId, input.householdId, input.noticeId);
    // Until the receipt is posted, time stays locked (the receipt timer must not run out), so the
    // SMS is tried in real time: at 10:00 (beforeEach) it is not held for the send window.
    const arrived = smtp.nextMessage();
    const handle = await start(input);
    const email = await arrived;
    expect(email.to).toEqual(['gezin@example.org']);
    expect(email.raw).toMatch(/^Subject: Bericht van Veilig Thuis over melding VT-/m);
    expect(email.decoded).toContain('De school houdt zicht op de veiligheid.');
    const reference = /^<(vt[0-9a-f]{30})@veiligthuis\.local>$/.exec(email.messageId)![1];
    // Nothing personal in the provider-facing reference or headers.
    expect(email.raw).not.toMatch(/r-fallback|report-and-agreements|h-fallback/);

    // A bounce processor (or DSN bridge) reports delivery on the webhook, signed.
    const body = JSON.stringify({ reference, status: 'delivered' });
    const unsigned = await fetch(receipts.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(unsigned.status).toBe(401);
    const signed = await fetch(receipts.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-vt-signature': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
      },
      body,
    });
    expect(await signed.json()).toEqual({ recorded: 1, unknown: 0 });
    expect(await handle.result()).toEqual({ outcome: 'delivered', contactPointId: 'cp-f2' });

    const status = await handle.query(noticeDeliveryStatusQuery);
    expect(status.attempts).toEqual([
      { contactPointId: 'cp-f1', channel: 'sms', outcome: 'refused' },
      { contactPointId: 'cp-f2', channel: 'email', outcome: 'delivered' },
    ]);
    expect(stub.messages.filter((m) => m.to === '31600000005')).toHaveLength(0);
    const records = await deliveryModel(store.connection)
      .find({ noticeId: input.noticeId })
      .sort({ intentAt: 1 })
      .lean();
    expect(records.map((r) => [r.contactPointId, r.status])).toEqual([
      ['cp-f1', 'failed'],
      ['cp-f2', 'delivered'],
    ]);
  });

  it('a failed receipt and then a missing receipt leave no safe channel: the caseworker gets a task', async () => {
    const input = notice('no-receipt');
    stub.failDeliveryTo('31600000006');
    book.set(input.householdId, [
      { contactPointId: 'cp-r1', channel: 'sms', address: '31600000006', safety: 'safe' },
      { contactPointId: 'cp-r2', channel: 'email', address: 'thuis@example.org', safety: 'safe' },
    ]);
    await givenReport(input.reportId, input.householdId, input.noticeId);
    const handle = await start(input);
    expect(await handle.result()).toEqual({ outcome: 'task-created', taskId: `${input.noticeId}:contact-household` });
    expect((await handle.query(noticeDeliveryStatusQuery)).attempts.map((a) => a.outcome)).toEqual([
      'failed',
      'no-receipt',
    ]);
    expect(stub.messages.filter((m) => m.to === '31600000006')).toHaveLength(1);
    expect(smtp.messages.filter((m) => m.to.includes('thuis@example.org'))).toHaveLength(1);
    expect(await taskModel(store.connection).findById(`${input.noticeId}:contact-household`).lean()).toMatchObject({
      type: 'contact-household',
      status: 'open',
    });
  });

  it('retries with backoff through a provider outage and still sends exactly one message', async () => {
    const input = notice('outage');
    book.set(input.householdId, [{ contactPointId: 'cp-o1', channel: 'sms', address: '31600000007', safety: 'safe' }]);
    await givenReport(input.reportId, input.householdId, input.noticeId);
    const before = stub.requests;
    stub.failNext(3);
    const handle = await start(input);
    expect(await handle.result()).toEqual({ outcome: 'delivered', contactPointId: 'cp-o1' });
    expect(stub.requests - before).toBe(4);
    expect(stub.messages.filter((m) => m.to === '31600000007')).toHaveLength(1);
    const events = (await handle.fetchHistory()).events ?? [];
    const started = events.find(
      (e) => e.activityTaskStartedEventAttributes && e.activityTaskStartedEventAttributes.attempt === 4,
    );
    expect(started).toBeDefined(); // three 503s, retried with backoff; the fourth attempt went through
  });

  it('the household workflow starts one child notice-<noticeId> per notice; a second start is a no-op', async () => {
    const input = notice('child');
    book.set(input.householdId, [{ contactPointId: 'cp-c1', channel: 'sms', address: '31600000008', safety: 'safe' }]);
    await givenReport(input.reportId, input.householdId, input.noticeId);
    await env.client.workflow.execute('householdStandIn', {
      taskQueue,
      workflowId: `household-${input.householdId}`,
      args: [input],
    });
    const child = env.client.workflow.getHandle(noticeDeliveryWorkflowId(input.noticeId));
    expect(await child.result()).toEqual({ outcome: 'delivered', contactPointId: 'cp-c1' });
    expect((await child.describe()).parentExecution?.workflowId).toBe(`household-${input.householdId}`);
    expect(stub.messages.filter((m) => m.to === '31600000008')).toHaveLength(1);
  });
});
