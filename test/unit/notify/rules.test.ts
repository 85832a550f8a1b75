import { createCalendar } from '../../../src/domain/calendar';
import {
  DEFAULT_SEND_WINDOW,
  isWithinSendWindow,
  nextAllowedSendInstant,
  nextDigestSlot,
  nextSafeContactPoint,
  parseClockTime,
  safeContactPoints,
  sendWindowClosesAt,
  type ContactPointRef,
} from '../../../src/domain/notify';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('safe contact', () => {
  const points: ContactPointRef[] = [
    { contactPointId: 'cp-1', channel: 'sms', safety: 'not-safe' },
    { contactPointId: 'cp-2', channel: 'email', safety: 'only-via-reporter' },
    { contactPointId: 'cp-3', channel: 'sms', safety: 'safe' },
    { contactPointId: 'cp-4', channel: 'email', safety: 'safe' },
  ];

  it('only ever offers contact points marked safe, in the household order', () => {
    expect(safeContactPoints(points).map((p) => p.contactPointId)).toEqual(['cp-3', 'cp-4']);
  });

  it('moves to the next safe point after a failure, and to none when all are tried', () => {
    expect(nextSafeContactPoint(points, [])?.contactPointId).toBe('cp-3');
    expect(nextSafeContactPoint(points, new Set(['cp-3']))?.contactPointId).toBe('cp-4');
    expect(nextSafeContactPoint(points, ['cp-3', 'cp-4'])).toBeUndefined();
    expect(nextSafeContactPoint(points.slice(0, 2), [])).toBeUndefined();
  });
});

describe('send window 08:00–21:00 Europe/Amsterdam (SMS)', () => {
  it('sends at once inside the window (winter, CET)', () => {
    expect(isWithinSendWindow(at('2026-11-30T19:59:00Z'))).toBe(true); // 20:59 local
    expect(nextAllowedSendInstant(at('2026-11-30T07:00:00Z'), 'sms')).toBe(at('2026-11-30T07:00:00Z')); // 08:00 local
  });

  it('queues from 21:00 to 08:00 the next morning', () => {
    expect(iso(nextAllowedSendInstant(at('2026-11-30T20:00:00Z'), 'sms'))).toBe('2026-12-01T07:00:00.000Z');
    expect(iso(nextAllowedSendInstant(at('2026-11-30T23:30:00Z'), 'sms'))).toBe('2026-12-01T07:00:00.000Z'); // 00:30 local
    expect(iso(nextAllowedSendInstant(at('2026-11-30T05:00:00Z'), 'sms'))).toBe('2026-11-30T07:00:00.000Z');
  });

  it('follows summer time, including across the March switch night', () => {
    expect(iso(nextAllowedSendInstant(at('2026-07-01T05:59:00Z'), 'sms'))).toBe('2026-07-01T06:00:00.000Z');
    // 22:30 CET on Saturday 28 March; the clocks go forward that night: 08:00 CEST = 06:00Z.
    expect(iso(nextAllowedSendInstant(at('2026-03-28T21:30:00Z'), 'sms'))).toBe('2026-03-29T06:00:00.000Z');
    expect(iso(sendWindowClosesAt(at('2026-07-01T10:00:00Z')))).toBe('2026-07-01T19:00:00.000Z');
  });

  it('does not hold email by default, but can by configuration', () => {
    expect(nextAllowedSendInstant(at('2026-11-30T23:30:00Z'), 'email')).toBe(at('2026-11-30T23:30:00Z'));
    const both = { ...DEFAULT_SEND_WINDOW, channels: ['sms', 'email'] as const };
    expect(iso(nextAllowedSendInstant(at('2026-11-30T23:30:00Z'), 'email', both))).toBe('2026-12-01T07:00:00.000Z');
  });

  it('parses clock times strictly', () => {
    expect(parseClockTime('08:00')).toBe(480);
    expect(parseClockTime('21:30')).toBe(1290);
    expect(() => parseClockTime('8:00')).toThrow(/HH:MM/);
    expect(() => parseClockTime('24:30')).toThrow(/HH:MM/);
  });
});

describe('supervisor digest: once per working day', () => {
  const calendar = createCalendar();

  it("skips the weekend and King's Day (Monday 27 April 2026)", () => {
    const friday = nextDigestSlot(at('2026-04-23T10:00:00Z'), calendar);
    expect(friday).toEqual({ date: '2026-04-24', at: at('2026-04-24T05:30:00Z') }); // 07:30 CEST
    expect(nextDigestSlot(friday.at, calendar).date).toBe('2026-04-28');
  });

  it('is strictly after the given instant, so the same day is never sent twice', () => {
    const slot = nextDigestSlot(at('2026-11-30T06:29:00Z'), calendar); // 07:29 CET Monday
    expect(slot.date).toBe('2026-11-30');
    expect(nextDigestSlot(slot.at, calendar).date).toBe('2026-12-01');
  });

  it('skips Christmas and Boxing Day', () => {
    expect(nextDigestSlot(at('2026-12-24T12:00:00Z'), calendar).date).toBe('2026-12-28');
  });
});
