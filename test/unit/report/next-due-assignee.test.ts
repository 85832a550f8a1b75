import { nextDueAssignee, type ReportStateView } from '../../../src/domain/report';

type View = Pick<ReportStateView, 'openTasks' | 'deadlines' | 'nextDueAt'>;

const task = (taskId: string, assignee?: string) =>
  ({
    taskId,
    type: 'contact-and-assessment',
    status: 'open',
    ...(assignee ? { assignee } : {}),
  }) as View['openTasks'][number];
const deadline = (taskId: string, dueAt: string) =>
  ({
    taskId,
    type: 'contact-and-assessment',
    overdue: false,
    explanation: { dueAt },
  }) as unknown as View['deadlines'][number];

describe('who has the next deadline', () => {
  test('the assignee of the open task due first, not of a later one', () => {
    const view: View = {
      openTasks: [task('later', 'bob'), task('first', 'alice')],
      deadlines: [deadline('later', '2026-06-12T15:00:00.000Z'), deadline('first', '2026-06-10T15:00:00.000Z')],
      nextDueAt: '2026-06-10T15:00:00.000Z',
    };
    expect(nextDueAssignee(view)).toBe('alice');
  });

  test('nobody when the task due first is unclaimed, or nothing is due', () => {
    const deadlines = [deadline('first', '2026-06-10T15:00:00.000Z'), deadline('later', '2026-06-12T15:00:00.000Z')];
    const openTasks = [task('first'), task('later', 'bob')];
    expect(nextDueAssignee({ openTasks, deadlines, nextDueAt: '2026-06-10T15:00:00.000Z' })).toBeUndefined();
    expect(nextDueAssignee({ openTasks, deadlines: [], nextDueAt: undefined })).toBeUndefined();
  });
});
