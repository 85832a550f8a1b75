/** Beyond this many a process keeps no more ids; the reconciler's full pass finds the rest. */
const MAX_REMEMBERED = 10_000;

/**
 * Reports whose workflow start failed in this process (Temporal unreachable, a deadline passed):
 * the reconciler retries these by `_id` on every pass, so a start lost to an outage does not wait
 * for its full pass — a filter on every report of the history, which FerretDB answers by decoding
 * them all. Ids only.
 */
export class StartFailures {
  private readonly ids = new Set<string>();

  note(reportId: string): void {
    if (this.ids.size < MAX_REMEMBERED) this.ids.add(reportId);
  }

  forget(reportId: string): void {
    this.ids.delete(reportId);
  }

  list(): string[] {
    return [...this.ids];
  }
}
