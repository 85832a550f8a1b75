import type mongoose from 'mongoose';
import { completeContactHouseholdTask } from '../../../src/api/cases/contact-household-completion';
import type { HttpProblem } from '../../../src/api/http/problem';
import { amsterdamDateOf } from '../../../src/domain/calendar/amsterdam-time';
import { addDays } from '../../../src/domain/calendar/local-date';
import type { TaskDoc } from '../../../src/store/task-model';

/** The task store as far as the completion uses it: records what was written. */
function storeStub() {
  const written: unknown[] = [];
  const Task = {
    updateOne: async (_filter: unknown, update: unknown) => {
      written.push(update);
      return { modifiedCount: 1 };
    },
  };
  return { store: { models: { Task } } as unknown as mongoose.Connection, written };
}

const task = { _id: 'task-1', type: 'contact-household', status: 'open' } as unknown as TaskDoc;

async function complete(contactedOn: string) {
  const { store, written } = storeStub();
  try {
    await completeContactHouseholdTask(store, task, { contactedOn, way: 'home-visit' }, 'alice', 'key-1');
    return { written: written.length };
  } catch (err) {
    const problem = err as HttpProblem;
    return { status: problem.status, reasons: problem.options.extra?.reasons, written: written.length };
  }
}

describe('completing the contact-household task', () => {
  const today = amsterdamDateOf(Date.now());

  test('today and earlier days are recorded', async () => {
    expect(await complete(today)).toEqual({ written: 1 });
    expect(await complete(addDays(today, -3))).toEqual({ written: 1 });
  });

  test('a day after today is 400, recording nothing', async () => {
    for (const day of [addDays(today, 1), '2030-01-01']) {
      expect(await complete(day)).toEqual({ status: 400, reasons: ['contactedOn: lies in the future'], written: 0 });
    }
  });

  test('a date that does not exist is 400, recording nothing', async () => {
    for (const day of ['2026-02-31', '2025-02-29', '2026-13-01']) {
      expect(await complete(day)).toEqual({
        status: 400,
        reasons: ['contactedOn: must be an existing date written YYYY-MM-DD'],
        written: 0,
      });
    }
  });
});
