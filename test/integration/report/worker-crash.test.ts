import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { createCalendar } from '../../../src/domain/calendar';
import type { ReportWorkflowInput } from '../../../src/domain/report';
import { KeyRing } from '../../../src/security/key-ring';
import { generateKeyFile } from '../../../src/security/key-source';
import {
  startChildProtectionBoardStub,
  type ChildProtectionBoardStub,
} from '../../../src/services/child-protection-board-stub';
import { taskModel } from '../../../src/store/task-model';
import { noticeModel } from '../../../src/store/notice-model';
import { connectTemporalClient, type TemporalClient } from '../../../src/temporal/client';
import { dataConverterForKeys } from '../../../src/temporal/data-converter';
import { completeTaskUpdate, getStateQuery, reportWorkflowId } from '../../../workflows/report-messages';
import type { reportWorkflow } from '../../../workflows';
import { eventually } from '../../support/eventually';
import { openTestStore, testTemporal } from '../../support/services';
import { startWorkerProcess, type WorkerProcess } from '../../support/worker-process';

/**
 * On the real dev server: the worker process dies with SIGKILL in the middle of a case — right after
 * an Update returned, while the activities it scheduled (task writes, the household signal) are in
 * flight — and a new worker carries the case on without a duplicate task or notice.
 */
describe('report workflow on the dev server with a worker that dies', () => {
  const keys = JSON.stringify(generateKeyFile('crash-test'));
  const taskQueue = `crash-${randomUUID()}`;
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let board: ChildProtectionBoardStub;
  let temporal: TemporalClient;
  let workerEnv: Record<string, string>;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    store = await openTestStore('crash');
    board = await startChildProtectionBoardStub();
    const { address, namespace } = testTemporal();
    temporal = await connectTemporalClient(address, namespace, dataConverterForKeys(KeyRing.fromJson(keys, 'test')));
    workerEnv = {
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      MONGODB_URI: process.env.VT_TEST_MONGODB_URI!,
      VT_MONGO_DATABASE: store.connection.name,
      VT_CHILD_PROTECTION_BOARD_URL: board.url,
      VT_CODEC_KEYS: keys,
      VT_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'vt-crash-')),
    };
    worker = await startWorkerProcess(workerEnv);
  });

  afterAll(async () => {
    await worker?.kill('SIGTERM');
    await temporal?.close();
    await board?.close();
    await store?.drop();
  });

  async function start(input: Partial<ReportWorkflowInput> = {}): Promise<WorkflowHandle<typeof reportWorkflow>> {
    const reportId = `crash-${randomUUID().slice(0, 8)}`;
    const full: ReportWorkflowInput = {
      reportId,
      householdId: `hh-${reportId}`,
      team: 'north',
      acute: false,
      reporterKind: 'professional',
      receivedAt: new Date().toISOString(),
      ...input,
    };
    return temporal.client.workflow.start<typeof reportWorkflow>('reportWorkflow', {
      taskQueue,
      workflowId: reportWorkflowId(full.reportId),
      args: [full],
    });
  }

  const tasks = () => taskModel(store.connection);
  async function openTask(reportId: string, type: string) {
    return eventually(() => tasks().findOne({ reportId, type, status: 'open' }).lean(), `an open ${type} task`);
  }

  test('a SIGKILLed worker is replaced and the case goes on with no duplicate task or notice', async () => {
    const handle = await start();
    const reportId = (await handle.query(getStateQuery)).reportId;
    const transparency = await openTask(reportId, 'transparency');

    await handle.executeUpdate(completeTaskUpdate, {
      args: [
        {
          taskId: transparency._id,
          payload: {
            kind: 'confirmed',
            discussedOn: new Date().toISOString().slice(0, 10),
            clientReaction: 'understands',
          },
        },
      ],
    });
    const contact = await openTask(reportId, 'contact-and-assessment');
    const afterContact = handle.executeUpdate(completeTaskUpdate, {
      args: [
        {
          taskId: contact._id,
          payload: {
            contactedAt: new Date().toISOString(),
            safetyAssessment: 'unsafe-structural',
            safetyOversight: 'veilig-thuis',
            veiligThuisActs: true,
          },
        },
      ],
    });
    await afterContact;
    // The Update has returned; the activities it scheduled may still be running. Kill now.
    await worker!.kill('SIGKILL');
    worker = await startWorkerProcess(workerEnv);

    // Decided to investigate (a handover would be monitored for months before closing); the
    // investigation's conclusion closes the case.
    const decision = await openTask(reportId, 'decision');
    await handle.executeUpdate(completeTaskUpdate, {
      args: [{ taskId: decision._id, payload: { branch: 'investigation', grounds: 'facts-unclear' } }],
    });
    const investigation = await openTask(reportId, 'investigation');
    await worker!.kill('SIGKILL');
    worker = await startWorkerProcess(workerEnv);
    await handle.executeUpdate(completeTaskUpdate, {
      args: [
        {
          taskId: investigation._id,
          payload: {
            next: 'closure',
            findings: 'not-confirmed',
            outcome: 'concerns-not-confirmed',
            responsibility: 'reporter',
            sources: ['school'],
          },
        },
      ],
    });
    const outcome = await handle.result();
    expect(outcome).toMatchObject({ reportId });

    // The household has no contact point on file: its notices raise "contact the household another
    // way" tasks, which are not the report workflow's own steps.
    const all = (await tasks().find({ reportId }).lean()).filter((t) => t.type !== 'contact-household');
    const perType = all.reduce<Record<string, number>>((acc, t) => ({ ...acc, [t.type]: (acc[t.type] ?? 0) + 1 }), {});
    expect(perType).toEqual({ transparency: 1, 'contact-and-assessment': 1, decision: 1, investigation: 1 });
    expect(all.every((t) => t.status === 'completed')).toBe(true);

    const notices = await eventually(async () => {
      const found = await noticeModel(store.connection).find({ reportId }).lean();
      return found.some((n) => n.kind === 'closure') ? found : undefined;
    }, 'the closure notice');
    const kinds = notices.map((n) => n.kind).sort();
    expect(kinds).toEqual([...new Set(kinds)]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'report-and-agreements',
        'decision-investigation',
        'investigation-conclusion',
        'closure',
      ]),
    );
  });

  test('a report received 6 working days ago is overdue at once', async () => {
    const calendar = createCalendar();
    // Walk back until six whole working days lie between the receipt date and today.
    const today = calendar.localDateOf(new Date());
    let receivedAt = new Date();
    while (calendar.workingDaysBetween(calendar.localDateOf(receivedAt), today) < 6)
      receivedAt = new Date(receivedAt.getTime() - 86_400_000);
    const handle = await start({ reporterKind: 'citizen', receivedAt: receivedAt.toISOString() });

    const state = await eventually(async () => {
      const s = await handle.query(getStateQuery);
      return s.openTasks.some((t) => t.type === 'contact-and-assessment' && t.overdue) ? s : undefined;
    }, 'the contact task to be overdue');
    expect(state.overdue).toBe(true);
    expect(new Date(state.nextDueAt!).getTime()).toBeLessThan(Date.now());
    const description = await eventually(async () => {
      const d = await handle.describe();
      return d.searchAttributes.VtOverdue?.[0] === true ? d : undefined;
    }, 'the VtOverdue search attribute');
    expect(description.searchAttributes.VtPhase).toEqual(['contact-and-assessment']);
    await handle.terminate('test finished');
  });
});
