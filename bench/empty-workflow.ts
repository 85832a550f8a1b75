import { condition, defineSignal, setHandler } from '@temporalio/workflow';

export const finishSignal = defineSignal('finish');

/** The baseline: a workflow that stays open doing nothing, so its cost is Temporal's own. */
export async function emptyWorkflow(): Promise<void> {
  let finished = false;
  setHandler(finishSignal, () => void (finished = true));
  await condition(() => finished);
}
