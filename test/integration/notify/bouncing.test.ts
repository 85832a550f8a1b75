import { createNotificationDispatcher } from '../../../src/notify/notification-dispatch';
import { people } from '../api/support/api-harness';
import { deliveriesFinished, startNotifyHarness, type NotifyHarness } from './support/notify-harness';

jest.setTimeout(240_000);

/**
 * An employee whose mailbox refuses every message: each reminder falls back to the team's
 * supervisor (so nothing is lost), and after the third failure the supervisors' stuck-cases list
 * names the employee, on the case of the latest one.
 */
describe('reminders to a person that keep bouncing', () => {
  let h: NotifyHarness;
  beforeAll(async () => {
    h = await startNotifyHarness();
  }, 180_000);
  afterAll(async () => {
    await h?.stop();
  });

  test('three failures in a row: a messages-bouncing entry for the employee, every reminder still reached the supervisor', async () => {
    const put = (id: string, body: object) => h.api.call('PUT', `/v1/staff/${id}`, { as: people.admin, body });
    await put('sue', { role: 'supervisor', team: 'north', email: 'sue.bounce@vt-test.example' });
    await put('dave', { role: 'caseworker', team: 'north', email: 'dave.gone@vt-test.example' });
    h.smtp.rejectRecipient('dave.gone@vt-test.example');

    const report = await h.api.call('POST', '/v1/reports', {
      as: people.aliceNorth,
      body: {
        reporter: { kind: 'citizen', name: 'R' },
        household: { members: [{ name: 'M', kind: 'adult' }] },
        concern: { description: 'c' },
        acuteDanger: false,
      },
    });
    expect(report.status).toBe(201);
    const reportId: string = report.body.id;
    const dispatch = createNotificationDispatcher({
      connection: h.api.system.store,
      temporal: h.api.system.temporal.client,
      taskQueue: h.api.config.temporal.taskQueue,
    });
    for (const n of [1, 2, 3]) {
      await dispatch({
        key: `${reportId}:bounce-test:${n}`,
        kind: 'reminder',
        reportId,
        recipient: { role: 'caseworker', id: 'dave', team: 'north' },
        dueAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
    }
    const finished = await deliveriesFinished(h.api, reportId, 'reminder');
    expect(finished.filter((n) => n.status === 'sent')).toHaveLength(3);
    // The three reminders by their subject: the team's daily digest goes to the same supervisor at
    // 07:30 when this run spans it.
    const reminders = h.smtp.messages.filter(
      (m) =>
        m.to.includes('sue.bounce@vt-test.example') &&
        /^Subject: Veilig Thuis: een taak verloopt morgen$/m.test(m.decoded),
    );
    expect(reminders).toHaveLength(3);

    const stuck = await h.api.call('GET', '/v1/supervision/stuck-cases?reason=messages-bouncing', {
      as: people.sueNorth,
    });
    expect(stuck.status).toBe(200);
    expect(stuck.body.cases).toEqual([
      expect.objectContaining({
        reportId,
        reason: 'messages-bouncing',
        explanation: expect.stringContaining('employee dave failed 3 times'),
      }),
    ]);
  });
});
