import { patched } from '@temporalio/workflow';

/**
 * The report workflow's patches as of 3 December 2026. A report started since then takes all of
 * them, and records that as one patch: the SDK upserts the `TemporalChangeVersion` search attribute
 * for every patch a workflow takes for the first time, and each upsert is a visibility write on the
 * server. A new report took six patches in its first workflow task, so six upserts besides its own
 * (README Benchmarks, session 26).
 *
 * Only these ids: a workflow that recorded `ALL_AS_OF` takes each of them in every workflow task,
 * replayed or not, so a patch added later must use `patched()` itself (or a new group of its own),
 * or the workflows of this release would replay into its new branch.
 */
export type ReportPatch =
  | 'statutory-assessment'
  | 'batched-store-writes'
  | 'store-write-held-not-thrown'
  | 'prior-information-before-contact'
  | 'first-task-before-announce'
  | 'radar-from-earlier-reports'
  | 'earlier-reports-in-worker';

const ALL_AS_OF = 'report-patches-2026-12-03';

/**
 * Whether this workflow takes the patch: every report started since the group above does (one
 * marker), and one started before takes it as it did then (its own marker, or none while replaying
 * a history from before the patch). In a workflow task that is not a replay both are true, as
 * `patched` alone would be.
 */
export function takesPatch(id: ReportPatch): boolean {
  return patched(ALL_AS_OF) || patched(id);
}
