import type mongoose from 'mongoose';
import type { LoadStaff } from './ports';
import { staffModel } from '../store/staff-model';

/** Reminders and digests find their recipients in the staff directory; inactive staff get none. */
export function createStaffLoader(connection: mongoose.Connection): LoadStaff {
  const staff = staffModel(connection);
  return async ({ role, team, id }) => {
    const docs = await staff.find({ role, team, active: true, ...(id ? { _id: id } : {}) }).lean();
    return docs.map((d) => ({ id: d._id, email: d.email, language: d.language }));
  };
}
