import mongoose from 'mongoose';
import { ADVICE_FOLLOW_UP_TASK_TYPE, type FollowUpRecord } from '../src/domain/advice';
import { adviceModel } from '../src/store/advice-model';
import { taskModel } from '../src/store/task-model';

/**
 * Store writes of the advice follow-up workflow. Each is keyed by the follow-up's task id, so a
 * retried or replayed activity writes the same document again, never a second task or record.
 */
export function createAdviceActivities(connection: mongoose.Connection) {
  const tasks = taskModel(connection);
  const advice = adviceModel(connection);

  return {
    /** The follow-up task in the advising caseworker's inbox; a repeat never reopens a completed one. */
    async upsertAdviceFollowUpTask(input: {
      taskId: string;
      adviceId: string;
      team: string;
      assignee: string;
      dueAt: string;
      createdAt: string;
    }): Promise<void> {
      await tasks.updateOne(
        { _id: input.taskId },
        {
          $setOnInsert: {
            type: ADVICE_FOLLOW_UP_TASK_TYPE,
            adviceId: input.adviceId,
            team: input.team,
            assignee: input.assignee,
            waitingOn: 'caseworker',
            status: 'open',
            dueAt: new Date(input.dueAt),
            overdue: false,
            createdAt: new Date(input.createdAt),
            updatedAt: new Date(),
          },
        },
        { upsert: true },
      );
    },

    async markAdviceFollowUpOverdue(input: { taskId: string }): Promise<void> {
      await tasks.updateOne({ _id: input.taskId, status: 'open' }, { $set: { overdue: true, updatedAt: new Date() } });
    },

    /**
     * Records the follow-up on the advice (once per task id), plans the next contact or clears it,
     * and completes the task. Safe to repeat at any point.
     */
    async recordAdviceFollowUp(input: {
      adviceId: string;
      record: FollowUpRecord;
      completedAt: string;
    }): Promise<void> {
      const { record } = input;
      await advice.updateOne(
        { _id: input.adviceId, 'followUps.taskId': mongoose.trusted({ $ne: record.taskId }) },
        { $push: { followUps: record } },
      );
      await advice.updateOne(
        { _id: input.adviceId, 'followUp.contactOn': record.contactOn },
        record.nextContactOn ? { $set: { 'followUp.contactOn': record.nextContactOn } } : { $unset: { followUp: 1 } },
      );
      await tasks.updateOne(
        { _id: record.taskId, status: 'open' },
        {
          $set: {
            status: 'completed',
            completedAt: new Date(input.completedAt),
            completedBy: record.by,
            updatedAt: new Date(),
          },
        },
      );
    },
  };
}

export type AdviceActivities = ReturnType<typeof createAdviceActivities>;
