import { formatDate, formatNumber } from '../../../src/web/client/labels';

describe('numbers and dates as a Dutch reader writes them', () => {
  test('a decimal comma and a point between thousands', () => {
    expect(formatNumber(0.1)).toBe('0,1');
    expect(formatNumber(12.25)).toBe('12,3');
    expect(formatNumber(1500)).toBe('1.500');
  });

  test('a birth date (a plain calendar date) in Dutch, on that day', () => {
    expect(formatDate('1988-03-14')).toBe('14 mrt 1988');
  });
});
