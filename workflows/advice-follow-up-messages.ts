import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { AdviceFollowUpState, CompleteFollowUpRequest } from '../src/domain/advice';

export { adviceFollowUpWorkflowId } from '../src/domain/advice';
export type { AdviceFollowUpInput, AdviceFollowUpState, CompleteFollowUpRequest } from '../src/domain/advice';

/**
 * The advice follow-up workflow's messages, shared by the API and the workflow. The Update
 * records the open follow-up (codes, a date, a reference) and answers with the state after it,
 * once the record is on the advice; a refused request throws RequestRefused from its validator.
 */
export const completeFollowUpUpdate = defineUpdate<AdviceFollowUpState, [CompleteFollowUpRequest]>('completeFollowUp');
export const getFollowUpStateQuery = defineQuery<AdviceFollowUpState>('getFollowUpState');
