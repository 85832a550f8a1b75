import { radarPairs } from '../../../src/domain/report';

const at = (d: string) => `2026-11-${d}T09:00:00.000Z`;

describe('radarPairs: which open case hears of which new report', () => {
  it('alerts each other open report of the household about the report received after it', () => {
    expect(
      radarPairs({ reportId: 'r-new', receivedAt: at('20') }, [
        { reportId: 'r-old-open', receivedAt: at('02'), open: true },
        { reportId: 'r-old-closed', receivedAt: at('03'), open: false },
        { reportId: 'r-new', receivedAt: at('20'), open: true },
      ]),
    ).toEqual([{ newReportId: 'r-new', openReportId: 'r-old-open' }]);
  });

  it('names the same pair from either side, so the two reports of a pair cannot raise two alerts', () => {
    const a = { reportId: 'r-a', receivedAt: at('10') };
    const b = { reportId: 'r-b', receivedAt: new Date(at('11')) };
    const fromA = radarPairs(a, [{ ...b, open: true }]);
    const fromB = radarPairs(b, [{ ...a, open: true }]);
    expect(fromA).toEqual([{ newReportId: 'r-b', openReportId: 'r-a' }]);
    expect(fromB).toEqual(fromA);
  });

  it('breaks a tie in the instant of receipt by report id', () => {
    const x = { reportId: 'r-x', receivedAt: at('10') };
    const y = { reportId: 'r-y', receivedAt: at('10') };
    expect(radarPairs(x, [{ ...y, open: true }])).toEqual([{ newReportId: 'r-y', openReportId: 'r-x' }]);
    expect(radarPairs(y, [{ ...x, open: true }])).toEqual([{ newReportId: 'r-y', openReportId: 'r-x' }]);
  });

  it('raises nothing for a household whose other reports are closed', () => {
    expect(
      radarPairs({ reportId: 'r-1', receivedAt: at('10') }, [{ reportId: 'r-0', receivedAt: at('01'), open: false }]),
    ).toEqual([]);
  });
});
