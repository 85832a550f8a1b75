import type mongoose from 'mongoose';
import { DEFAULT_CALENDAR_CONFIG, type CalendarConfig } from '../../domain/calendar';
import { regionSettingModel } from '../../store/region-setting-model';

/**
 * The calendar new cases start with: the one an admin last set, else the built-in default. Each
 * case then carries its calendar in its input, so a later change reaches it only through the
 * calendar-changed Update (recorded in its history), never silently on replay.
 */
export async function regionCalendar(connection: mongoose.Connection): Promise<CalendarConfig> {
  const doc = await regionSettingModel(connection).findById('calendar').lean();
  if (!doc) return DEFAULT_CALENDAR_CONFIG;
  return {
    version: doc.calendar.version,
    extraClosedDays: doc.calendar.extraClosedDays.map((d) => ({ date: d.date, reason: d.reason })),
  };
}

export async function saveRegionCalendar(
  connection: mongoose.Connection,
  calendar: CalendarConfig,
  by: string,
): Promise<void> {
  await regionSettingModel(connection).replaceOne(
    { _id: 'calendar' },
    { _id: 'calendar', calendar, updatedAt: new Date(), updatedBy: by },
    { upsert: true },
  );
}
