import { figuresOf } from '../../../src/api/supervision/open-case-figures';
import { openCaseEntryOf, placeOpenCase, sameListedFacts, type OpenCaseEntry } from '../../../src/store/open-cases';

const state = (id: string, version: number, phase = 'decision') => ({
  _id: id,
  team: 'north',
  phase,
  phaseSince: new Date('2026-11-30T08:00:00.000Z'),
  overdue: false,
  updatedAt: new Date('2026-11-30T09:00:00.000Z'),
  version,
});
const entry = (id: string, version: number, phase?: string) => openCaseEntryOf(state(id, version, phase));

test('a closed case has no entry; an open one carries ids, codes and instants only', () => {
  expect(entry('a', 1, 'closed')).toBeUndefined();
  expect(entry('a', 1)).toEqual({
    id: 'a',
    team: 'north',
    phase: 'decision',
    phaseSince: '2026-11-30T08:00:00.000Z',
    overdue: false,
    updatedAt: '2026-11-30T09:00:00.000Z',
    version: 1,
  });
});

test('placing: added, replaced by a later version, kept against an older one, removed when closed', () => {
  const one = placeOpenCase([], 'a', 1, entry('a', 1))!;
  expect(one.map((e) => e.version)).toEqual([1]);
  expect(placeOpenCase(one, 'a', 1, entry('a', 1))).toBeUndefined(); // the same write again: no rewrite
  const two = placeOpenCase(one, 'a', 2, entry('a', 2, 'investigation'))!;
  expect(two).toEqual([expect.objectContaining({ id: 'a', phase: 'investigation', version: 2 })]);
  expect(placeOpenCase(two, 'a', 1, entry('a', 1))).toBeUndefined(); // a late retry of an older write
  expect(placeOpenCase(two, 'b', 1, undefined)).toBeUndefined(); // closing a case that is not listed
  expect(placeOpenCase(two, 'a', 3, undefined)).toEqual([]);
});

test('figures per team: open cases per phase and the median time in the phase', () => {
  const now = new Date('2026-11-30T12:00:00.000Z');
  const at = (id: string, team: string, phase: string, hoursAgo: number): OpenCaseEntry => ({
    id,
    team,
    phase,
    phaseSince: new Date(now.getTime() - hoursAgo * 3_600_000).toISOString(),
    overdue: false,
    updatedAt: now.toISOString(),
    version: 1,
  });
  const figures = figuresOf(
    [at('a', 'north', 'decision', 1), at('b', 'north', 'decision', 3), at('c', 'north', 'investigation', 500)],
    now,
  );
  expect(figures.get('north')).toEqual({ perPhase: { decision: 2, investigation: 1 }, medianWaitingHours: 3 });
  expect(figures.get('south')).toBeUndefined();
});

test('a projection write leaves the entry alone when its facts and the day of its last change stay', () => {
  const before = state('a', 1);
  expect(sameListedFacts(before, { ...state('a', 2), updatedAt: new Date('2026-11-30T15:00:00.000Z') })).toBe(true);
  // The next day: the at-risk rule's "untouched for a working day" may change.
  expect(sameListedFacts(before, { ...state('a', 2), updatedAt: new Date('2026-12-01T09:00:00.000Z') })).toBe(false);
  expect(sameListedFacts(before, { ...state('a', 2), assignee: 'alice' })).toBe(false);
  expect(sameListedFacts(before, { ...state('a', 2), overdue: true })).toBe(false);
  expect(sameListedFacts(before, state('a', 2, 'closed'))).toBe(false);
  expect(sameListedFacts(before, { ...state('a', 2), team: 'south' })).toBe(false);
});
