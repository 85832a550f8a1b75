import { byReceipt, receivedBefore } from '../../../src/domain/report/order-of-receipt';

describe('the order of receipt', () => {
  const at = '2026-12-02T09:00:00.000Z';

  test('the instant decides, whatever the ids', () => {
    expect(
      receivedBefore({ reportId: 'z', receivedAt: at }, { reportId: 'a', receivedAt: '2026-12-02T09:00:00.001Z' }),
    ).toBe(true);
    expect(
      receivedBefore(
        { reportId: 'a', receivedAt: new Date('2026-12-02T09:00:00.001Z') },
        { reportId: 'z', receivedAt: at },
      ),
    ).toBe(false);
  });

  test('of two reports at one instant exactly one is the earlier, by report id; a report is not before itself', () => {
    const a = { reportId: 'a', receivedAt: at };
    const b = { reportId: 'b', receivedAt: new Date(at) };
    expect([receivedBefore(a, b), receivedBefore(b, a)]).toEqual([true, false]);
    expect(receivedBefore(a, a)).toBe(false);
  });

  test('sorting by receipt puts the oldest first and breaks ties by id', () => {
    const reports = [
      { reportId: 'c', receivedAt: at },
      { reportId: 'd', receivedAt: '2026-12-01T09:00:00.000Z' },
      { reportId: 'a', receivedAt: at },
    ];
    expect([...reports].sort(byReceipt).map((r) => r.reportId)).toEqual(['d', 'a', 'c']);
  });
});
