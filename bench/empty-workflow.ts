/** The baseline: a workflow that does nothing, so its cost is Temporal's own. */
export async function emptyWorkflow(): Promise<void> {}
