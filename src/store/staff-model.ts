import mongoose, { Schema } from 'mongoose';

/**
 * The staff directory: where reminders and digests for an employee go. Keyed by the employee id
 * the identity provider puts in a token's `sub`, so tasks and tokens name the same person.
 */
export interface StaffDoc {
  _id: string;
  role: 'caseworker' | 'supervisor' | 'admin';
  team?: string;
  email: string;
  /** For on-call alerts by SMS (E.164 or Dutch national); staff get other messages by e-mail only. */
  phone?: string;
  language: 'nl' | 'en';
  active: boolean;
  updatedAt: Date;
}

const staffSchema = new Schema<StaffDoc>(
  {
    _id: { type: String, required: true },
    role: { type: String, required: true, enum: ['caseworker', 'supervisor', 'admin'] },
    team: String,
    email: { type: String, required: true },
    phone: String,
    language: { type: String, required: true, enum: ['nl', 'en'], default: 'nl' },
    active: { type: Boolean, required: true, default: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'staff', versionKey: false, strict: 'throw' },
);
// Digests ask for a team's supervisors; reminders for one person of a team.
staffSchema.index({ team: 1, role: 1, active: 1 });

export function staffModel(connection: mongoose.Connection): mongoose.Model<StaffDoc> {
  return (
    (connection.models.Staff as mongoose.Model<StaffDoc> | undefined) ??
    connection.model<StaffDoc>('Staff', staffSchema)
  );
}

/**
 * Who is on call for a team, as shifts: an acute report alerts whoever's shift covers the moment
 * it comes in (SMS and e-mail), and the team's supervisors when no shift does. One document per
 * team, replaced as a whole by the roster endpoint.
 */
export interface OnCallShift {
  staffId: string;
  from: Date;
  until: Date;
}

export interface OnCallRosterDoc {
  _id: string; // team
  shifts: OnCallShift[];
  updatedAt: Date;
}

const onCallRosterSchema = new Schema<OnCallRosterDoc>(
  {
    _id: { type: String, required: true },
    shifts: [
      new Schema<OnCallShift>(
        {
          staffId: { type: String, required: true },
          from: { type: Date, required: true },
          until: { type: Date, required: true },
        },
        { _id: false, strict: 'throw' },
      ),
    ],
    updatedAt: { type: Date, required: true },
  },
  { collection: 'on_call_rosters', versionKey: false, strict: 'throw' },
);

export function onCallRosterModel(connection: mongoose.Connection): mongoose.Model<OnCallRosterDoc> {
  return (
    (connection.models.OnCallRoster as mongoose.Model<OnCallRosterDoc> | undefined) ??
    connection.model<OnCallRosterDoc>('OnCallRoster', onCallRosterSchema)
  );
}
