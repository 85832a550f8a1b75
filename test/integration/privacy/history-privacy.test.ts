import { notificationDeliveryWorkflowId } from '../../../src/domain/notify';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { resolveTool } from '../../../src/services/tools';
import { eventually, newReportBody, people, startApiHarness, type ApiHarness } from '../api/support/api-harness';
import { testTemporal } from '../../support/services';

const run = promisify(execFile);

/**
 * The privacy promise checked the way an operator would: a case with distinctive personal data
 * runs from intake to closure through the API, then the Temporal CLI prints its history and search
 * attributes — raw, and decoded through the API's codec endpoint. Neither holds the personal data.
 */
const PERSONAL = {
  reporterName: 'Wilhelmina Zonneveld-Haverkamp',
  reporterPhone: '+31 20 555 0199',
  reporterEmail: 'w.zonneveld@basisschool-example.nl',
  memberName: 'Jozefien Haverkamp',
  householdPhone: '+31 6 4455 6677',
  description: 'Kind vertelde over harde klappen thuis aan de Prinsengracht',
};

describe('the Temporal history of a finished case holds no personal data', () => {
  let api: ApiHarness;
  let reportId: string;

  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(async () => {
    await api?.stop();
  });

  const openTask = (type: string) =>
    eventually(async () => {
      const res = await api.call('GET', `/v1/tasks?type=${type}&status=open`, { as: people.aliceNorth });
      return res.body.tasks?.find((t: { reportId: string }) => t.reportId === reportId);
    });
  const complete = async (type: string, payload: unknown) => {
    const task = await openTask(type);
    const res = await api.call('POST', `/v1/tasks/${task.id}/completion`, { as: people.aliceNorth, body: { payload } });
    expect(res.status).toBe(200);
    return res.body;
  };
  const today = () => new Date().toISOString().slice(0, 10);

  async function temporalCli(args: string[], extra: string[] = []): Promise<string> {
    const { address, namespace } = testTemporal();
    const { stdout } = await run(
      resolveTool('temporal'),
      [...args, '--address', address, '--namespace', namespace, '--output', 'json', ...extra],
      {
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return stdout;
  }

  test('intake to closure, then raw and decoded history and search attributes are free of it', async () => {
    const body = newReportBody({
      reporter: {
        kind: 'professional',
        name: PERSONAL.reporterName,
        organisation: 'Basisschool',
        phone: PERSONAL.reporterPhone,
        email: PERSONAL.reporterEmail,
      },
      household: {
        members: [{ name: PERSONAL.memberName, kind: 'child', birthDate: '2016-02-29' }],
        contactPoints: [{ channel: 'phone', value: PERSONAL.householdPhone, safety: 'safe' }],
      },
      concern: { description: PERSONAL.description },
    });
    const created = await api.call('POST', '/v1/reports', { as: people.aliceNorth, body });
    expect(created.status).toBe(201);
    reportId = created.body.id;

    await complete('transparency', { kind: 'confirmed', discussedOn: today(), clientReaction: 'understands' });
    await complete('contact-and-assessment', {
      contactedAt: new Date().toISOString(),
      safetyAssessment: 'unsafe-structural',
      safetyOversight: 'veilig-thuis',
      veiligThuisActs: true,
    });
    // Closed at the decision (a handover would be monitored for months first); the reporter is told the step.
    const decisionTask = await openTask('decision');
    const closed = await complete('decision', {
      branch: 'end-of-involvement',
      grounds: 'help-already-in-place',
      responsibility: 'care-provider',
    });
    expect(closed.phase).toBe('closed');

    const report = await api.call('GET', `/v1/reports/${reportId}`, { as: people.aliceNorth });
    // The report, its household and the delivery of the reporter's feedback (which looks up the reporter's address).
    const feedback = notificationDeliveryWorkflowId(`${reportId}:reporter-feedback:decision:${decisionTask.id}`);
    await eventually(
      async () =>
        (
          await api.system.temporal.client.workflow
            .getHandle(feedback)
            .describe()
            .catch(() => undefined)
        )?.status.name === 'COMPLETED',
    );
    const workflowIds = [`report-${reportId}`, `household-${report.body.household.id}`, feedback];

    const supervisorToken = await api.token(people.sueNorth);
    const codecArgs = ['--codec-endpoint', `${api.system.apiUrl}/codec`, '--codec-auth', `Bearer ${supervisorToken}`];
    for (const workflowId of workflowIds) {
      const raw = await temporalCli(['workflow', 'show', '--workflow-id', workflowId]);
      const decoded = await temporalCli(['workflow', 'show', '--workflow-id', workflowId], codecArgs);
      const described = await temporalCli(['workflow', 'describe', '--workflow-id', workflowId], codecArgs);
      // Raw payloads are ciphertext (their encoding metadata, base64 of "binary/encrypted", says
      // so); the decoded view really went through the codec, so it has none left.
      const encrypted = Buffer.from('binary/encrypted').toString('base64');
      expect(raw).toContain(encrypted);
      expect(decoded).not.toContain(encrypted);
      expect(JSON.parse(decoded).events.length).toBeGreaterThan(3);
      for (const [what, value] of Object.entries(PERSONAL)) {
        for (const [view, text] of Object.entries({ raw, decoded, described })) {
          expect({ what, view, found: text.includes(value) }).toEqual({ what, view, found: false });
        }
      }
    }
    // The decoded view needs a supervisor: a caseworker's token is refused by the codec endpoint.
    const caseworkerToken = await api.token(people.aliceNorth);
    await expect(
      temporalCli(
        ['workflow', 'show', '--workflow-id', `report-${reportId}`],
        ['--codec-endpoint', `${api.system.apiUrl}/codec`, '--codec-auth', `Bearer ${caseworkerToken}`],
      ),
    ).rejects.toThrow();
  });
});
