import { condition } from '@temporalio/workflow';
import {
  escalationNotification,
  escalationTypeFor,
  overdueNotification,
  reminderNotification,
  type Task,
  type TaskDeadline,
} from '../../src/domain/report';
import { raisePlanned } from './follow-up-plan';
import type { ReportCase } from './report-case';
import { resumeAt } from './supervisor-actions';
import type { StoreSync } from './store-sync';

/**
 * One timer for every reminder, due instant and review date of the case. It sleeps until the
 * earliest pending instant (or until the case changes), fires what is due, and sleeps again. While
 * the case is suspended only the planned end of the suspension counts.
 */
export class DeadlineScheduler {
  private checked = 0; // workflow time up to which every event was handled

  constructor(
    private readonly c: ReportCase,
    private readonly sync: StoreSync,
  ) {}

  /** For the getState query: a reader knows every event up to this instant was handled. */
  get checkedAt(): string {
    return new Date(this.checked).toISOString();
  }

  /** Runs until the case closes. */
  async run(): Promise<void> {
    const c = this.c;
    while (!c.isClosed) {
      const seen = c.changes;
      const wake = (): boolean => c.changes !== seen || c.isClosed;
      const next = this.nextInstant();
      if (next === undefined) {
        await condition(wake);
      } else if (next > Date.now()) {
        await condition(wake, next - Date.now());
      }
      if (c.isClosed) return;
      const fired = this.fireDueEvents();
      this.checked = Date.now();
      if (fired) await this.sync.flush();
    }
  }

  private nextInstant(): number | undefined {
    const { state } = this.c;
    if (state.suspended) {
      const open = state.suspensions[state.suspensions.length - 1];
      return open?.until ? Date.parse(open.until) : undefined;
    }
    let next: number | undefined;
    const consider = (iso: string | undefined): void => {
      if (iso === undefined) return;
      const ms = Date.parse(iso);
      if (next === undefined || ms < next) next = ms;
    };
    for (const task of state.tasks) {
      if (task.status !== 'open') continue;
      const d = this.c.deadlineOf(task.taskId);
      if (!d) continue;
      if (d.reminderAt && !d.reminded.includes(d.revision)) consider(d.reminderAt);
      if (!d.overdueHandled.includes(d.revision)) consider(d.explanation.dueAt);
    }
    for (const planned of this.c.plan) if (!planned.raised) consider(planned.raiseAt);
    return next;
  }

  private fireDueEvents(): boolean {
    const { state } = this.c;
    const now = Date.now();
    let fired = false;
    if (state.suspended) {
      const open = state.suspensions[state.suspensions.length - 1];
      if (!open?.until || Date.parse(open.until) > now) return false;
      resumeAt(this.c, open.until);
      fired = true;
    }
    for (const task of [...state.tasks]) {
      if (task.status !== 'open') continue;
      const d = this.c.deadlineOf(task.taskId);
      if (!d) continue;
      if (d.reminderAt && !d.reminded.includes(d.revision) && Date.parse(d.reminderAt) <= now) {
        remind(this.c, task, d, now);
        fired = true;
      }
      if (!d.overdueHandled.includes(d.revision) && Date.parse(d.explanation.dueAt) <= now) {
        markOverdue(this.c, task, d);
        fired = true;
      }
    }
    for (const planned of this.c.plan) {
      if (!planned.raised && Date.parse(planned.raiseAt) <= now) {
        raisePlanned(this.c, planned);
        fired = true;
      }
    }
    return fired;
  }
}

/** The reminder instant of a deadline's current revision passed. */
function remind(c: ReportCase, task: Task, d: TaskDeadline, now: number): void {
  d.reminded.push(d.revision);
  // A reminder for a task that is already overdue is noise: the overdue notice covers it.
  if (Date.parse(d.explanation.dueAt) > now) c.notify(reminderNotification(task, d, c.state.team));
  c.changed();
}

/** The due instant of a deadline's current revision passed: overdue notice, and an escalation where the rules say so. */
function markOverdue(c: ReportCase, task: Task, d: TaskDeadline): void {
  d.overdueHandled.push(d.revision);
  task.overdue = true;
  c.persistTask(task);
  c.notify(overdueNotification(task, d, c.state.team, c.supervisor));
  escalate(c, task);
  c.changed();
}

/**
 * Counted from now, not from the missed due instant: a report registered late gives the
 * caseworker a working day to act instead of an escalation that is overdue on arrival.
 */
function escalate(c: ReportCase, task: Task): void {
  const type = escalationTypeFor(task, c.state.tasks);
  if (!type) return;
  const escalation = c.createTask(type, { start: c.now(), subjectId: task.taskId });
  c.notify(escalationNotification(escalation));
}
