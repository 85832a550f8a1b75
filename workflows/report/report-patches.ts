import { patched } from '@temporalio/workflow';

/**
 * The report workflow's patches as of 3 December 2026. A report started since then takes all of
 * them and records that as one patch (`ALL_AS_OF`): the SDK upserts the `TemporalChangeVersion`
 * search attribute for every patch a workflow takes for the first time, and each upsert is a
 * visibility write on the server. A new report took six patches in its first workflow task, so six
 * markers and six upserts besides its own (README Benchmarks, session 26).
 *
 * Only these ids: a patch added later must use `patched()` itself (or a group of its own), or the
 * reports of this group would replay into its new branch. The group's `patched(ALL_AS_OF)` stays
 * (later as `deprecatePatch`) as long as a history that recorded it can replay: the SDK refuses a
 * marker no call asks for. A search for reports without one of these ids in `TemporalChangeVersion`
 * finds the group's reports too: they carry the group's id.
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
 * One report's patches. Made at the start of the workflow function, so the group is decided in the
 * workflow's first activation: a report started since the group takes every patch through it; one
 * started before (replaying its first task finds no group marker) asks each patch on its own for
 * its whole life, exactly as the code before the group did, and never records the group.
 */
export class ReportPatches {
  private readonly group = patched(ALL_AS_OF);

  takes(id: ReportPatch): boolean {
    return this.group || patched(id);
  }
}
