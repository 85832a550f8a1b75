export * from './smoke-workflow';
export { reportWorkflow } from './report/report-workflow';
export * from './household-workflow';
export * from './notice-delivery-workflow';
export * from './supervisor-digest-workflow';
export * from './retention-sweep-workflow';
export * from './notification-delivery-workflow';
export * from './advice-follow-up-workflow';
