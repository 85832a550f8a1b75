import type mongoose from 'mongoose';
import { amsterdamDateOf } from '../../domain/calendar/amsterdam-time';
import { contactHouseholdPayloadSchema, type ContactHouseholdPayload } from '../../domain/notify';
import { formatIssues } from '../../domain/report/payloads';
import { taskModel, type TaskDoc } from '../../store/task-model';
import { problems } from '../http/problem';
import { invalidPayload } from './completion-problems';

/**
 * Completes the "contact the household another way" task. No workflow waits on it (the notice's
 * delivery ended by creating it), so the completion — how the household was reached, codes only —
 * is recorded on the task itself, and only while it is still open.
 */
export async function completeContactHouseholdTask(
  store: mongoose.Connection,
  task: TaskDoc,
  payload: unknown,
  by: string,
  commandKey: string,
): Promise<void> {
  const now = new Date();
  const contact = contactHouseholdCompletion(payload, now);
  if ('reasons' in contact) throw invalidPayload(task.type, contact.reasons);
  const done = await taskModel(store).updateOne(
    { _id: task._id, status: 'open' },
    {
      $set: { status: 'completed', completedAt: now, completedBy: by, outcome: contact.value, updatedAt: now },
      $push: { commandKeys: commandKey },
    },
  );
  if (done.modifiedCount === 0) throw problems.conflict('The task is no longer open.');
}

/** The completion's payload as recorded, or every reason it is refused (a day after `now` in Amsterdam among them). */
export function contactHouseholdCompletion(
  payload: unknown,
  now: Date,
): { value: ContactHouseholdPayload } | { reasons: string[] } {
  const contact = contactHouseholdPayloadSchema.safeParse(payload);
  if (!contact.success) return { reasons: formatIssues(contact.error.issues) };
  // Worded as the workflow's own date checks (src/domain/report/rules.ts), on Amsterdam's today.
  if (contact.data.contactedOn > amsterdamDateOf(now.getTime()))
    return { reasons: ['contactedOn: lies in the future'] };
  return { value: contact.data };
}
