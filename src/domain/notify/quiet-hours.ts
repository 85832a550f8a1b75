import { amsterdamDateOf, amsterdamOffsetHours, amsterdamWallTimeToEpochMillis } from '../calendar/amsterdam-time';
import { addDays } from '../calendar/local-date';
import type { Channel } from './contact';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

/**
 * The hours in which a message may be sent, Europe/Amsterdam wall-clock time, as minutes after
 * midnight: [startMinute, endMinute). Outside them a message waits (a durable timer in the
 * workflow) until the window opens. Computed from the EU summer-time rule, not Intl, so a replay
 * on another Node/ICU gives the same instant.
 */
export interface SendWindow {
  startMinute: number;
  endMinute: number;
  /** Channels the window applies to. The issue requires it for SMS; email may be added by configuration. */
  channels: readonly Channel[];
}

export const DEFAULT_SEND_WINDOW: SendWindow = Object.freeze({
  startMinute: 8 * 60,
  endMinute: 21 * 60,
  channels: Object.freeze(['sms'] as Channel[]),
});

/** Parses 'HH:MM' (00:00–24:00) to minutes after midnight; throws on anything else. */
export function parseClockTime(value: string, field = 'time'): number {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || minutes > 24 * 60)
    throw new RangeError(`${field} must be a clock time HH:MM between 00:00 and 24:00`);
  return minutes;
}

export function validateSendWindow(window: SendWindow): void {
  const ok = (m: number) => Number.isInteger(m) && m >= 0 && m <= 24 * 60;
  if (!ok(window.startMinute) || !ok(window.endMinute) || window.startMinute >= window.endMinute) {
    throw new RangeError(
      'send window must start before it ends, both within the day (quiet hours over midnight are expressed as a window during the day)',
    );
  }
}

/** Minutes after Amsterdam midnight of an instant. */
export function amsterdamMinuteOfDay(epochMs: number): number {
  const local = epochMs + amsterdamOffsetHours(epochMs) * MS_PER_HOUR;
  return Math.floor((((local % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / MS_PER_MINUTE);
}

export function isWithinSendWindow(epochMs: number, window: SendWindow = DEFAULT_SEND_WINDOW): boolean {
  const minute = amsterdamMinuteOfDay(epochMs);
  return minute >= window.startMinute && minute < window.endMinute;
}

/**
 * The earliest instant ≥ `epochMs` at which a message on `channel` may be sent: `epochMs` itself
 * inside the window (or for a channel the window does not apply to), else the next opening.
 */
export function nextAllowedSendInstant(
  epochMs: number,
  channel: Channel,
  window: SendWindow = DEFAULT_SEND_WINDOW,
): number {
  if (!window.channels.includes(channel) || isWithinSendWindow(epochMs, window)) return epochMs;
  const today = amsterdamDateOf(epochMs);
  const openingToday = amsterdamWallTimeToEpochMillis(today, window.startMinute * MS_PER_MINUTE);
  if (epochMs < openingToday) return openingToday;
  return amsterdamWallTimeToEpochMillis(addDays(today, 1), window.startMinute * MS_PER_MINUTE);
}

/** The instant the window that is open at `epochMs` closes (only meaningful inside the window). */
export function sendWindowClosesAt(epochMs: number, window: SendWindow = DEFAULT_SEND_WINDOW): number {
  return amsterdamWallTimeToEpochMillis(amsterdamDateOf(epochMs), window.endMinute * MS_PER_MINUTE);
}
