import { tsToMs } from '@temporalio/common/lib/time';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { amsterdamDateOf, amsterdamWallTimeToEpochMillis } from '../../../src/domain/calendar/amsterdam-time';
import { addDays } from '../../../src/domain/calendar/local-date';
import { notificationDeliveryWorkflowId } from '../../../src/domain/notify';
import { createNotificationDispatcher, type NotificationRecord } from '../../../src/notify/notification-dispatch';
import type { SmsProviderStub } from '../../../src/services/sms-provider-stub';
import { adviceModel } from '../../../src/store/advice-model';
import { caseReferenceOf } from '../../../src/case-reference/case-reference';
import { deliveryModel } from '../../../src/notify/delivery-model';
import { readIds } from '../../../src/store/id-lists';
import { deliveriesKey } from '../../../src/store/message-lists';
import { notificationModel } from '../../../src/store/notification-model';
import { reportModel } from '../../../src/store/report-model';
import { onCallRosterModel, staffModel } from '../../../src/store/staff-model';
import { eventually } from '../../support/eventually';
import {
  notificationDeliveryStatusQuery,
  type NotificationDeliveryResult,
} from '../../../workflows/notification-delivery-messages';
import { skipToAmsterdamTime } from './helpers';
import { startDeliveryHarness, type DeliveryHarness } from './delivery-harness';

const SECRET = 'receipt-secret-notification-tests-0123';
const API_KEY = 'cm-product-token-notification';
const taskQueue = 'notification-delivery-test';
jest.setTimeout(120_000);

let env: TestWorkflowEnvironment;
let store: DeliveryHarness['store'];
let stub: SmsProviderStub;
let smtp: DeliveryHarness['smtp'];
let harness: DeliveryHarness | undefined;
let dispatch: ReturnType<typeof createNotificationDispatcher>;

beforeAll(async () => {
  harness = await startDeliveryHarness({
    storePrefix: 'notification-delivery',
    workflowsPath: require.resolve('../../../workflows/notification-delivery-workflow'),
    taskQueue,
    receiptSecret: SECRET,
    smsApiKey: API_KEY,
    activities: { inboxUrl: 'https://vt.example/inbox' },
  });
  ({ env, store, stub, smtp } = harness);
  dispatch = createNotificationDispatcher({ connection: store.connection, temporal: env.client, taskQueue });

  const staff = staffModel(store.connection);
  const now = new Date();
  const person = (id: string, role: 'caseworker' | 'supervisor', team: string, extra: object = {}) =>
    staff.create({
      _id: id,
      role,
      team,
      email: `${id}@vt.example`,
      language: 'nl',
      active: true,
      updatedAt: now,
      ...extra,
    });
  await person('cw-bounce', 'caseworker', 'west');
  await person('sup-west', 'supervisor', 'west');
  await person('oncall-east', 'caseworker', 'east', { phone: '06 3000 0001', language: 'en' });
  await onCallRosterModel(store.connection).create({
    _id: 'east',
    shifts: [
      {
        staffId: 'oncall-east',
        from: new Date(now.getTime() - 3_600_000),
        until: new Date(now.getTime() + 30 * 86_400_000),
      },
    ],
    updatedAt: now,
  });
});

afterAll(() => harness?.stop());

function result(key: string): Promise<NotificationDeliveryResult> {
  return env.client.workflow.getHandle(notificationDeliveryWorkflowId(key)).result();
}

/** Dispatches the record as the API would and waits for its delivery workflow's result. */
async function deliver(req: NotificationRecord): Promise<NotificationDeliveryResult> {
  await dispatch(req);
  return result(req.key);
}

/** A report as intake stores it; only who reported it and whether it is acute differ per test. */
async function givenReport(
  id: string,
  team: string,
  householdId: string,
  fields: { acuteDanger: boolean; reporter: Record<string, string> },
): Promise<void> {
  const t = new Date();
  await reportModel(store.connection).create({
    _id: id,
    team,
    householdId,
    receivedAt: t,
    ...fields,
    concern: { description: 'c' },
    createdBy: 't',
    createdAt: t,
    workflowStarted: true,
    startAttempts: 1,
  });
}

/** Server times at which the notification's send attempts were scheduled. */
async function sendTimes(key: string): Promise<number[]> {
  const { events } = await env.client.workflow.getHandle(notificationDeliveryWorkflowId(key)).fetchHistory();
  return (events ?? [])
    .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendNotification')
    .map((e) => tsToMs(e.eventTime));
}

describe('staff and reporter notifications (time-skipping server, real SMTP, SMS provider stub)', () => {
  it('a caseworker whose mailbox refuses the reminder: it falls back to the team’s supervisor', async () => {
    smtp.rejectRecipient('cw-bounce@vt.example');
    const req: NotificationRecord = {
      key: 'r-west:contact-and-assessment:1:reminder:0',
      kind: 'reminder',
      reportId: 'r-west',
      taskId: 'r-west:contact-and-assessment:1',
      recipient: { role: 'caseworker', id: 'cw-bounce', team: 'west' },
      dueAt: '2026-12-04T22:59:59.999Z',
    };
    await dispatch(req);
    await dispatch(req); // a retried record starts nothing new
    expect(await result(req.key)).toEqual({ outcome: 'sent', reached: ['staff:sup-west'] });
    const mail = smtp.messages.filter((m) => m.to.includes('sup-west@vt.example'));
    expect(mail).toHaveLength(1);
    expect(mail[0].decoded).toMatch(
      /De taak VT-\d{4}-\d{5} \(contact en veiligheidstaxatie\) moet uiterlijk 2026-12-04 af zijn\./,
    );
    expect(mail[0].decoded).not.toContain('r-west');
    expect(await notificationModel(store.connection).findById(req.key).lean()).toMatchObject({ status: 'sent' });
    // Both deliveries (the bounce and the fallback) named under the notification, where retention reads them.
    const deliveries = (await deliveryModel(store.connection).find({ noticeId: req.key }, { _id: 1 }).lean()).map(
      (d) => d._id,
    );
    expect(deliveries).toHaveLength(2);
    expect((await readIds(store.connection, deliveriesKey(req.key)))?.sort()).toEqual(deliveries.sort());
  });

  it('an overdue notice for a team nobody in the directory belongs to is marked undeliverable', async () => {
    const req: NotificationRecord = {
      key: 'r-nowhere:decision:1:overdue:0',
      kind: 'overdue',
      reportId: 'r-nowhere',
      taskId: 'r-nowhere:decision:1',
      recipient: { role: 'supervisor', team: 'nowhere' },
      dueAt: '2026-12-04T22:59:59.999Z',
    };
    expect(await deliver(req)).toEqual({
      outcome: 'undeliverable',
      reached: [],
      reason: 'nobody-in-staff-directory',
    });
    expect(await notificationModel(store.connection).findById(req.key).lean()).toMatchObject({
      status: 'undeliverable',
      outcomeReason: 'nobody-in-staff-directory',
    });
  });

  it('feedback to a reporter who chose English names the step in words and nothing about the household', async () => {
    await givenReport('r-feedback', 'west', 'h-feedback', {
      acuteDanger: false,
      reporter: { kind: 'professional', name: 'R', email: 'teacher@school.example', language: 'en' },
    });
    const req: NotificationRecord = {
      key: 'r-feedback:reporter-feedback:decision',
      kind: 'reporter-feedback',
      reportId: 'r-feedback',
      taskId: 'r-feedback:decision:1',
      recipient: { role: 'reporter', team: 'west' },
      step: 'handover',
    };
    expect(await deliver(req)).toEqual({ outcome: 'sent', reached: ['reporter'] });
    const [mail] = smtp.messages.filter((m) => m.to.includes('teacher@school.example'));
    expect(mail.decoded).toMatch(/^Subject: Feedback on your report VT-\d{4}-\d{5}$/m);
    expect(mail.decoded).toContain('Veilig Thuis has handed the care over to a care provider.');
  });

  it('a radar alert tells the open case’s caseworkers (here: their supervisor, the one caseworker bounces) which new report came in', async () => {
    const req: NotificationRecord = {
      key: 'radar:r-new:r-west',
      kind: 'radar',
      reportId: 'r-west',
      relatedReportId: 'r-new',
      recipient: { role: 'caseworker', team: 'west' },
    };
    expect(await deliver(req)).toEqual({ outcome: 'sent', reached: ['staff:sup-west'] });
    const [mail] = smtp.messages.filter(
      (m) => m.to.includes('sup-west@vt.example') && /nieuwe melding/.test(m.decoded),
    );
    expect(mail.decoded).toMatch(/uw melding VT-\d{4}-\d{5} is een nieuwe melding binnengekomen: VT-\d{4}-\d{5}\./);
  });

  it('an advice follow-up reminder names the advice, not a case number taken from the reports', async () => {
    const t = new Date();
    const adviceId = '5f1c2d3e-0000-4000-8000-00000000a1b2';
    await adviceModel(store.connection).create({
      _id: adviceId,
      team: 'west',
      professional: { profession: 'teacher' },
      topics: [],
      followUpWanted: true,
      receivedAt: t,
      status: 'recorded',
      createdBy: 'sup-west',
      createdAt: t,
    });
    const req: NotificationRecord = {
      key: `${adviceId}:advice-follow-up:1:overdue`,
      kind: 'overdue',
      reportId: adviceId,
      taskId: `${adviceId}:advice-follow-up:1`,
      recipient: { role: 'supervisor', team: 'west' },
      dueAt: '2026-12-04T22:59:59.999Z',
    };
    expect(await deliver(req)).toEqual({ outcome: 'sent', reached: ['staff:sup-west'] });
    const [mail] = smtp.messages.filter((m) => m.to.includes('sup-west@vt.example') && m.decoded.includes('5f1c2d3e'));
    expect(mail.decoded).toContain('De taak advies 5f1c2d3e (vervolgadvies: contact opnemen) had uiterlijk 2026-12-04');
    expect(await caseReferenceOf(store.connection, adviceId)).toBeUndefined();
  });

  it('at 23:00 an on-call alert goes out at once by SMS and e-mail; a reporter’s SMS reminder waits for 08:00', async () => {
    const night = await skipToAmsterdamTime(env, '23:00');
    await givenReport('r-night', 'east', 'h-night', {
      acuteDanger: true,
      reporter: { kind: 'professional', name: 'R', phone: '06 3000 0002' },
    });

    const reminder: NotificationRecord = {
      key: 'r-night:transparency:1:reminder:0',
      kind: 'transparency-reminder',
      reportId: 'r-night',
      taskId: 'r-night:transparency:1',
      recipient: { role: 'reporter', team: 'east' },
      dueAt: new Date(night + 2 * 86_400_000).toISOString(),
    };
    await dispatch(reminder);
    const held = env.client.workflow.getHandle(notificationDeliveryWorkflowId(reminder.key));
    const waiting = async () => (await held.query(notificationDeliveryStatusQuery)).attempts[0]?.waitingUntil;
    await eventually(waiting, 'the reminder to wait for the send window');
    const openingAt = amsterdamWallTimeToEpochMillis(addDays(amsterdamDateOf(night), 1), 8 * 3_600_000);
    expect(await waiting()).toBe(new Date(openingAt).toISOString());

    const alert: NotificationRecord = {
      key: 'r-night:on-call-alert',
      kind: 'on-call-alert',
      reportId: 'r-night',
      recipient: { role: 'on-call', team: 'east' },
    };
    expect(await deliver(alert)).toEqual({ outcome: 'sent', reached: ['staff:oncall-east'] });
    const sms = stub.messages.filter((m) => m.to === '31630000001');
    expect(sms).toHaveLength(1);
    expect(sms[0].text).toMatch(/^Veilig Thuis on call: acute danger, report VT-\d{4}-\d{5}\./);
    expect(smtp.messages.filter((m) => m.to.includes('oncall-east@vt.example'))).toHaveLength(1);

    expect(await result(reminder.key)).toEqual({ outcome: 'sent', reached: ['reporter'] });
    expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(openingAt);
    expect(stub.messages.filter((m) => m.to === '31630000002')).toHaveLength(1);
    // When each send was scheduled, on the server's clock: the alert's at night, the reminder's not
    // before 08:00. (Looking at the SMS stub right after the alert's result() raced the reminder: once
    // the alert completes, nothing holds the clock until the client locks it again.)
    const alertSends = await sendTimes(alert.key);
    expect(alertSends.length).toBeGreaterThan(0);
    for (const at of alertSends) expect(at).toBeLessThan(openingAt);
    const reminderSends = await sendTimes(reminder.key);
    expect(reminderSends.length).toBeGreaterThan(0);
    for (const at of reminderSends) expect(at).toBeGreaterThanOrEqual(openingAt);
  });
});
