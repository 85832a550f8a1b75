import { randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import {
  CASE_REFERENCE_PATTERN,
  caseReferenceOf,
  ensureCaseReference,
  formatCaseReference,
} from '../../../src/case-reference/case-reference';
import { openTestStore } from '../../support/services';

let store: { connection: mongoose.Connection; drop(): Promise<void> };
beforeAll(async () => {
  store = await openTestStore('case-reference');
});
afterAll(async () => {
  await store?.drop();
});

test('references are short, unique and numbered per year; a report keeps the one it got', async () => {
  const c = store.connection;
  const at = new Date('2026-06-01T10:00:00Z');
  const ids = Array.from({ length: 12 }, () => randomUUID());
  // Allocated concurrently, as simultaneous intakes would.
  const refs = await Promise.all(ids.map((id) => ensureCaseReference(c, id, at)));
  expect(new Set(refs).size).toBe(ids.length);
  for (const ref of refs) expect(ref).toMatch(CASE_REFERENCE_PATTERN);
  // Numbered from 1; a number lost to a race is skipped, never given twice.
  expect(Math.min(...refs.map((r) => Number(r.slice(8))))).toBe(1);

  expect(await ensureCaseReference(c, ids[3], at)).toBe(refs[3]);
  expect(await caseReferenceOf(c, ids[3])).toBe(refs[3]);
  expect(await caseReferenceOf(c, randomUUID())).toBeUndefined();

  // New Year's Eve 23:30 UTC is already the next year in Amsterdam; its counter starts at 1.
  expect(await ensureCaseReference(c, randomUUID(), new Date('2026-12-31T23:30:00Z'))).toBe('VT-2027-00001');
  expect(formatCaseReference(2026, 4213)).toBe('VT-2026-04213');
  expect(formatCaseReference(2026, 123456)).toBe('VT-2026-123456');
});
