import { receivedBefore } from './order-of-receipt';

/** A report of the household as the radar weighs it: ids, the instant of receipt and whether it is open. */
export interface RadarReport {
  reportId: string;
  receivedAt: Date | string;
  open: boolean;
}

/** One radar alert: `openReportId`'s caseworker hears that `newReportId` came in about the household. */
export interface RadarPair {
  newReportId: string;
  openReportId: string;
}

/**
 * VT's radar between one open report and the household's other reports: for each other open report,
 * the one received first is the open case whose caseworker is told of the one received later. The
 * pair is the same whichever of the two works it out, so both reports may look (each after it was
 * listed on the household) and the alert, keyed by the pair, is still raised once: of two reports
 * arriving together at least one sees the other, whatever the order of their look-ups.
 */
export function radarPairs(report: { reportId: string; receivedAt: Date | string }, others: readonly RadarReport[]) {
  return others
    .filter((o) => o.open && o.reportId !== report.reportId)
    .map((o): RadarPair =>
      receivedBefore(o, report)
        ? { newReportId: report.reportId, openReportId: o.reportId }
        : { newReportId: o.reportId, openReportId: report.reportId },
    );
}
