import { randomUUID } from 'node:crypto';
import { devMessageModel, deliveryModel } from '../../src/notify/delivery-model';
import { householdModel } from '../../src/store/household-model';
import { taskModel } from '../../src/store/task-model';
import { nowIso, startHarness, type ReportHarness } from './report-harness';
import { complete, openTask, startReport, stateOf } from './report-fixtures';
import { eventually } from '../support/eventually';

jest.setTimeout(120_000);
let h: ReportHarness;

beforeAll(async () => {
  h = await startHarness('household-delivery');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

/**
 * The whole chain a household notice travels: report workflow → household workflow → one
 * notice-delivery child workflow → a message on the household's safe channel (the development
 * channel stands in for SMTP here; real SMTP and SMS are shown in test/workflow/notify).
 */
describe('household notices are delivered, on safe channels only', () => {
  it('tells the household once, by its safe e-mail address and never by its unsafe phone', async () => {
    const householdId = `hh-${randomUUID().slice(0, 8)}`;
    await householdModel(h.connection).create({
      _id: householdId,
      team: 'team-utrecht-1',
      members: [],
      createdAt: new Date(),
      contactPoints: [
        { contactPointId: 'cp-phone', channel: 'phone', value: '06 1111 2222', safety: 'not-safe' },
        { contactPointId: 'cp-mail', channel: 'email', value: 'gezin@example.org', safety: 'safe' },
      ],
    });
    const { handle, input } = await startReport(h, { householdId, reporterKind: 'citizen' });
    const contact = openTask(await stateOf(handle), 'contact-and-assessment');
    await complete(handle, contact.taskId, {
      contactedAt: await nowIso(h.env),
      safetyAssessment: 'unsafe-structural',
      safetyOversight: 'veilig-thuis',
      veiligThuisActs: true,
    });

    const messages = devMessageModel(h.connection);
    const sent = await eventually(async () => {
      const found = await messages.find({ to: 'gezin@example.org' }).lean();
      return found.length > 0 ? found : undefined;
    }, 'the household e-mail');
    expect(sent).toHaveLength(1);
    const everything = await messages.find().lean();
    expect(everything.filter((m) => m.to.includes('1111') || m.to.includes('31611112222'))).toEqual([]);

    const deliveries = await eventually(async () => {
      const found = (await deliveryModel(h.connection).find().lean()).filter((d) =>
        String(d.noticeId).startsWith(`${input.reportId}:notice:report-and-agreements`),
      );
      return found.length > 0 ? found : undefined;
    }, 'the delivery record');
    expect(deliveries.map((d) => d.contactPointId)).toEqual(['cp-mail']);
    // A household with a safe channel needs no "contact the household another way" task.
    expect(await taskModel(h.connection).countDocuments({ reportId: input.reportId, type: 'contact-household' })).toBe(
      0,
    );
    await handle.terminate('test done');
  });
});
