import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import type mongoose from 'mongoose';
import { createNotificationActivities, type SendNoticeInput } from '../../../activities/notification-activities';
import { createCalendar } from '../../../src/domain/calendar';
import { addDays } from '../../../src/domain/calendar/local-date';
import { createCmSmsChannel, createDevChannel } from '../../../src/notify/channels';
import { loadTemplates } from '../../../src/notify/templates';
import { startSmsProviderStub, type SmsProviderStub } from '../../../src/services/sms-provider-stub';
import { caseStateModel } from '../../../src/store/case-state-model';
import { openTestStore } from '../../support/services';
import { messageValues } from './helpers';

// Activities only (no Temporal server): the daily ceiling and the transparency guard.
// Staff and reporter notifications: notification-delivery.test.ts.
let store: { connection: mongoose.Connection; drop(): Promise<void> };
let stub: SmsProviderStub;
let activities: ReturnType<typeof createNotificationActivities>;

beforeAll(async () => {
  store = await openTestStore('notify-ceiling');
  stub = await startSmsProviderStub(0, { apiKey: 'k' });
  activities = createNotificationActivities({
    connection: store.connection,
    channels: {
      sms: createCmSmsChannel({ apiUrl: `${stub.url}/v1.0/message`, apiKey: 'k', sender: 'VeiligThuis' }),
      email: createDevChannel(store.connection, 'email'),
    },
    templates: loadTemplates(),
    loadContactPoints: async (householdId) => [
      {
        contactPointId: `cp-${householdId}`,
        channel: 'sms',
        address: `3160000${householdId.padStart(4, '0')}`,
        safety: 'safe',
      },
    ],
    loadMessageValues: messageValues,
    dailyCeiling: { sms: 2, email: 0 },
    ratePerSecond: { sms: 100, email: 100 },
    loadStaff: async ({ role, id }) =>
      role === 'caseworker' && id === 'emp-7' ? [{ id: 'emp-7', email: 'medewerker7@vt.example' }] : [],
    inboxUrl: 'https://vt.example/inbox',
  });
});

afterAll(async () => {
  await stub?.close();
  await store?.drop();
});

const send = (n: number): SendNoticeInput => ({
  noticeId: `r-${n}:notice:closure:1`,
  reportId: `r-${n}`,
  householdId: String(n),
  templateId: 'household-closure',
  contactPointId: `cp-${n}`,
  channel: 'sms',
});

describe('daily send ceiling per provider', () => {
  it('stops at the ceiling and asks Temporal to retry after Amsterdam midnight; a retried send does not count twice', async () => {
    const env = new MockActivityEnvironment();
    // The ceiling counts per Amsterdam day on the real clock: the three sends must fall in one day.
    const cal = createCalendar();
    const nextDay = cal.startOfDay(addDays(cal.localDateOf(new Date()), 1)).getTime();
    if (nextDay - Date.now() < 10_000) await new Promise((resolve) => setTimeout(resolve, nextDay - Date.now() + 100));
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
    expect(delay).toBeLessThanOrEqual(25 * 3_600_000 + 1_000); // a 25-hour day when summer time ends
    expect(stub.messages.map((m) => m.to)).toEqual(['31600000001', '31600000002']);
  });
});

describe('transparency guard', () => {
  it('does not plan a household notice while the report still waits for transparency', async () => {
    const now = new Date();
    await caseStateModel(store.connection).create({
      _id: 'r-pending',
      householdId: 'h',
      team: 't',
      acute: false,
      reporterKind: 'professional',
      receivedAt: now,
      phase: 'awaiting-transparency',
      phaseSince: now,
      overdue: false,
      suspended: false,
      openTaskIds: [],
      view: { transparency: 'pending' },
      version: 1,
      updatedAt: now,
    });
    await expect(
      new MockActivityEnvironment().run(activities.planNoticeDelivery, { householdId: 'h', reportId: 'r-pending' }),
    ).rejects.toMatchObject({ type: 'TransparencyPending', nonRetryable: false });
  });
});
