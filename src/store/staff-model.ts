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
    language: { type: String, required: true, enum: ['nl', 'en'], default: 'nl' },
    active: { type: Boolean, required: true, default: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'staff', versionKey: false, strict: 'throw' },
);
// Digests ask for a team's supervisors; reminders for one person of a team.
staffSchema.index({ team: 1, role: 1, active: 1 });

export function staffModel(connection: mongoose.Connection): mongoose.Model<StaffDoc> {
  return (connection.models.Staff as mongoose.Model<StaffDoc> | undefined) ?? connection.model<StaffDoc>('Staff', staffSchema);
}
