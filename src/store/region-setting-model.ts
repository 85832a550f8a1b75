import mongoose, { Schema } from 'mongoose';
import type { CalendarConfig } from '../domain/calendar';

/**
 * Region-wide settings an admin changes at run time, one document per setting, read by `_id`
 * (the one look-up every MongoDB-wire server serves from its primary key). Today: the working-day
 * calendar new cases start with (royal-decree days, the region's closing days).
 */
export interface RegionSettingDoc {
  _id: 'calendar';
  calendar: CalendarConfig;
  updatedAt: Date;
  updatedBy: string;
}

const regionSettingSchema = new Schema<RegionSettingDoc>(
  {
    _id: { type: String, required: true, enum: ['calendar'] },
    calendar: {
      type: new Schema(
        {
          version: { type: String, required: true },
          extraClosedDays: [
            new Schema(
              { date: { type: String, required: true }, reason: { type: String, required: true } },
              { _id: false },
            ),
          ],
        },
        { _id: false, strict: 'throw' },
      ),
      required: true,
    },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { collection: 'region_settings', versionKey: false, strict: 'throw' },
);

export function regionSettingModel(connection: mongoose.Connection): mongoose.Model<RegionSettingDoc> {
  return (
    (connection.models.RegionSetting as mongoose.Model<RegionSettingDoc> | undefined) ??
    connection.model<RegionSettingDoc>('RegionSetting', regionSettingSchema)
  );
}
