/** The retention sweep's fixed workflow id: one sweep per namespace, started idempotently at start-up. */
export const RETENTION_SWEEP_WORKFLOW_ID = 'retention-sweep';
