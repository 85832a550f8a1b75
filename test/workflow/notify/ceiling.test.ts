import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import type mongoose from 'mongoose';
import { createNotificationActivities, type SendNoticeInput } from '../../../activities/notification-activities';
import { createCmSmsChannel, createDevChannel } from '../../../src/notify/channels';
import { loadTemplates } from '../../../src/notify/templates';
import { startSmsProviderStub, type SmsProviderStub } from '../../../src/services/sms-provider-stub';
import { caseStateModel } from '../../../src/store/case-state-model';
import { devMessageModel } from '../../../src/notify/delivery-model';
import { openTestStore } from '../../support/services';
import { messageValues } from './helpers';
import type { NotificationRequest } from '../../../src/domain/report';

// Activities only (no Temporal server): the daily ceiling and the transparency guard.
let store: { connection: mongoose.Connection; drop(): Promise<void> };
let stub: SmsProviderStub;
let activities: ReturnType<typeof createNotificationActivities>;

beforeAll(async () => {
  store = await openTestStore('notify-ceiling');
  stub = await startSmsProviderStub(0, { apiKey: 'k' });
  activities = createNotificationActivities({
    connection: store.connection,
    channels: { sms: createCmSmsChannel({ apiUrl: `${stub.url}/v1.0/message`, apiKey: 'k', sender: 'VeiligThuis' }), email: createDevChannel(store.connection, 'email') },
    templates: loadTemplates(),
    loadContactPoints: async (householdId) => [{ contactPointId: `cp-${householdId}`, channel: 'sms', address: `3160000${householdId.padStart(4, '0')}`, safety: 'safe' }],
    loadMessageValues: messageValues,
    dailyCeiling: { sms: 2, email: 0 },
    ratePerSecond: { sms: 100, email: 100 },
    loadStaff: async ({ role, id }) => (role === 'caseworker' && id === 'emp-7' ? [{ id: 'emp-7', email: 'medewerker7@vt.example' }] : []),
    loadReporterContact: async (reportId) => (reportId === 'r-rep' ? { email: 'juf@school.example' } : undefined),
    inboxUrl: 'https://vt.example/inbox',
  });
});

afterAll(async () => {
  await stub?.close();
  await store?.drop();
});

const send = (n: number): SendNoticeInput => ({ noticeId: `r-${n}:notice:closure:1`, reportId: `r-${n}`, householdId: String(n), templateId: 'household-closure', contactPointId: `cp-${n}`, channel: 'sms' });

describe('daily send ceiling per provider', () => {
  it('stops at the ceiling and asks Temporal to retry after Amsterdam midnight; a retried send does not count twice', async () => {
    const env = new MockActivityEnvironment();
    await env.run(activities.sendNotice, send(1));
    await env.run(activities.sendNotice, send(2));
    await env.run(activities.sendNotice, send(2)); // the same delivery again: recorded, not counted, not sent
    let failure: unknown;
    try {
      await env.run(activities.sendNotice, send(3));
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).type).toBe('DailyCeilingReached');
    expect((failure as ApplicationFailure).nonRetryable).toBe(false);
    const delay = Number((failure as ApplicationFailure).nextRetryDelay);
    expect(delay).toBeGreaterThan(0);
    expect(delay).toBeLessThanOrEqual(25 * 3_600_000);
    expect(stub.messages.map((m) => m.to)).toEqual(['31600000001', '31600000002']);
  });
});

describe('transparency guard', () => {
  it('does not plan a household notice while the report still waits for transparency', async () => {
    const now = new Date();
    await caseStateModel(store.connection).create({
      _id: 'r-pending', householdId: 'h', team: 't', acute: false, reporterKind: 'professional', receivedAt: now, phase: 'awaiting-transparency', phaseSince: now,
      overdue: false, suspended: false, openTaskIds: [], view: { transparency: 'pending' }, version: 1, updatedAt: now,
    });
    await expect(new MockActivityEnvironment().run(activities.planNoticeDelivery, { householdId: 'h', reportId: 'r-pending' })).rejects.toMatchObject({ type: 'TransparencyPending', nonRetryable: false });
  });
});

describe('staff and reporter notifications the report workflow records', () => {
  it('a task reminder goes to the caseworker once, with a subject free of case details', async () => {
    const env = new MockActivityEnvironment();
    const req: NotificationRequest = { key: 'r-9:contact-and-assessment:1:reminder:0', kind: 'reminder', reportId: 'r-9', taskId: 'r-9:contact-and-assessment:1', recipient: { role: 'caseworker', id: 'emp-7', team: 't' }, dueAt: '2026-12-04T22:59:59.999Z' };
    expect(await env.run(activities.sendStaffNotification, req)).toEqual({ sent: 1 });
    expect(await env.run(activities.sendStaffNotification, req)).toEqual({ sent: 0 });
    const mails = await devMessageModel(store.connection).find({ to: 'medewerker7@vt.example' }).lean();
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('Veilig Thuis: een taak verloopt morgen');
    // The short case reference, never the internal id (which task ids contain).
    expect(mails[0].text).toMatch(/VT-\d{4}-\d{5}/);
    expect(mails[0].text).not.toContain('r-9');
    expect(mails[0].text).toContain('2026-12-04');
    expect(mails[0].text).toContain('https://vt.example/inbox');
  });

  it('a transparency reminder goes to the reporter; on-call alerts are left to paging', async () => {
    const env = new MockActivityEnvironment();
    const reporterReminder: NotificationRequest = { key: 'r-rep:transparency:1:reminder:0', kind: 'transparency-reminder', reportId: 'r-rep', taskId: 'r-rep:transparency:1', recipient: { role: 'reporter', team: 't' }, dueAt: '2026-12-03T22:59:59.999Z' };
    expect(await env.run(activities.sendStaffNotification, reporterReminder)).toEqual({ sent: 1 });
    const mail = await devMessageModel(store.connection).findOne({ to: 'juf@school.example' }).lean();
    expect(mail?.subject).toMatch(/^Herinnering: transparantie bij uw melding VT-\d{4}-\d{5}$/);
    expect(mail?.text).toContain('uiterlijk 2026-12-03');
    const onCall: NotificationRequest = { key: 'r-x:on-call-alert', kind: 'on-call-alert', reportId: 'r-x', recipient: { role: 'on-call', team: 't' } };
    expect(await env.run(activities.sendStaffNotification, onCall)).toEqual({ sent: 0, skipped: 'no message for on-call-alert' });
  });
});
