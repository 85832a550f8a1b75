import type mongoose from 'mongoose';
import { caseReferenceForMessage } from '../case-reference/case-reference';
import { createCalendar } from '../domain/calendar';
import type { Language } from '../domain/notify';
import { adviceModel } from '../store/advice-model';
import { caseStateModel } from '../store/case-state-model';
import type { NotificationDoc } from '../store/notification-model';
import { reportModel } from '../store/report-model';
import { taskModel } from '../store/task-model';
import { TASK_CODES, type Phrases } from './phrases';

/**
 * The placeholder values of a staff or reporter notification, from the case store at the moment
 * it is sent. Only what identifies the case to someone who works on it: the short case
 * reference, the task in words, a date. Never a name, the concern, an address or what was found
 * about the household — a staff e-mail may be forwarded or read on a lock screen, and a reporter
 * is told which step was taken, not why.
 */
export function createNotificationValueLoader(deps: {
  connection: mongoose.Connection;
  phrases: Phrases;
  inboxUrl: string;
}): (n: NotificationDoc, language: Language) => Promise<Record<string, string>> {
  const calendar = createCalendar();
  const tasks = taskModel(deps.connection);
  const caseStates = caseStateModel(deps.connection);
  const reports = reportModel(deps.connection);
  const advice = adviceModel(deps.connection);

  async function taskTypeOf(taskId: string): Promise<string | undefined> {
    const task = await tasks.findById(taskId, { type: 1 }).lean();
    // Task ids are `<report>:<type>:<n>`: the type is readable even before the task's write landed.
    return task?.type ?? taskId.split(':').find((part) => TASK_CODES.includes(part));
  }

  async function contactDateOf(reportId: string, taskId: string | undefined): Promise<string> {
    const state = await caseStates.findById(reportId, { view: 1 }).lean();
    const decisions = (state?.view as { decisions?: { type: string; taskId: string; payload: unknown }[] } | undefined)
      ?.decisions;
    const contact = decisions
      ?.filter((d) => d.type === 'contact-and-assessment' && (!taskId || d.taskId === taskId))
      .at(-1);
    const at = (contact?.payload as { contactedAt?: string } | undefined)?.contactedAt;
    return at ? calendar.localDateOf(at) : calendar.localDateOf(new Date());
  }

  /**
   * A report's short reference (allocated for an older report on its first message). An advice
   * follow-up names its advice in `reportId`; an advice has no case reference, and must not take
   * a number from the reports' sequence, so it is called "advice" and its id's first characters.
   */
  async function referenceOf(id: string, language: Language): Promise<string> {
    if (!(await reports.exists({ _id: id })) && (await advice.exists({ _id: id })))
      return `${deps.phrases.get('caseKind', 'advice', language)} ${id.slice(0, 8)}`;
    return caseReferenceForMessage(deps.connection, id);
  }

  return async (n, language) => {
    const caseReference = await referenceOf(n.reportId, language);
    const type = n.taskId ? await taskTypeOf(n.taskId) : undefined;
    const taskReference = type ? `${caseReference} (${deps.phrases.get('task', type, language)})` : caseReference;
    return {
      caseReference,
      reportReference: caseReference,
      taskReference,
      dueDate: n.dueAt ? calendar.localDateOf(n.dueAt) : '',
      inboxUrl: deps.inboxUrl,
      relatedReference: n.relatedReportId ? await referenceOf(n.relatedReportId, language) : '',
      step: n.step ? deps.phrases.get('reporterFeedbackStep', n.step, language) : '',
      contactDate: n.kind === 'contact-confirmation' ? await contactDateOf(n.reportId, n.taskId) : '',
    };
  };
}
