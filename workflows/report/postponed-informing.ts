import { condition } from '@temporalio/workflow';
import type { Task } from '../../src/domain/report';
import type { Process } from './process-context';

/**
 * Informing the household postponed, beside the rest of the process (statutory process only).
 * Telling the household now would endanger someone: its letters are held, a supervisor approves
 * a date by which it must be informed (or refuses: it is informed now), and the caseworker's
 * "inform the household" task is due on that date. Once it is done the held letters go out in
 * order. A case closed meanwhile records that the household was not informed.
 */
export async function postponedInforming(p: Process, reason: string): Promise<void> {
  const { c, sync } = p;
  c.holdHouseholdLetters(reason);
  const approval = c.createTask('informing-postponement-approval', { start: c.now() });
  if (!(await doneOrClosed(p, approval))) return;
  const answer = c.completionOf(approval)!;
  if (answer.approved) {
    c.postponeInforming(answer.informBy);
    const start = c.cal.startOfDay(answer.informBy).toISOString();
    const inform = c.createTask('inform-household', { start });
    await sync.flush();
    if (!(await doneOrClosed(p, inform))) return;
  }
  c.releaseHouseholdLetters();
  await sync.flush();
}

/** Waits beside the main flow (which settles completions); false when the case closed first. */
async function doneOrClosed(p: Process, task: Task): Promise<boolean> {
  await condition(() => p.c.isCompleted(task) || p.c.isClosed);
  return !p.c.isClosed;
}
