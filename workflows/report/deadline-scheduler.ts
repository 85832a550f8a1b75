import { condition } from '@temporalio/workflow';
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
    for (const plan of this.c.reviewPlan) if (!plan.raised) consider(plan.raiseAt);
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
        this.c.remind(task, d, now);
        fired = true;
      }
      if (!d.overdueHandled.includes(d.revision) && Date.parse(d.explanation.dueAt) <= now) {
        this.c.markOverdue(task, d);
        fired = true;
      }
    }
    for (const plan of this.c.reviewPlan) {
      if (!plan.raised && Date.parse(plan.raiseAt) <= now) {
        this.c.raiseReview(plan);
        fired = true;
      }
    }
    return fired;
  }
}
