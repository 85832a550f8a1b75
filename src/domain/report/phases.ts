/**
 * The phases of one report, in the order of the process (docs/GLOSSARY.md names them). A phase says what the
 * case is waiting for; tasks say who must act. Branch phases (handover, safety-conditions,
 * investigation) can follow each other: a rejected handover returns to decision, broken safety
 * conditions lead to investigation, an investigation's conclusion leads anywhere but back to itself.
 * After an accepted handover or fulfilled safety conditions the case is monitored before it closes.
 */
export const PHASES = [
  'received',
  'awaiting-transparency',
  'contact-and-assessment',
  'household-informed',
  'decision',
  'handover',
  'safety-conditions',
  'investigation',
  'child-protection-board-request',
  'monitoring',
  'closed',
] as const;

export type Phase = (typeof PHASES)[number];

export const BRANCH_PHASES = ['handover', 'safety-conditions', 'investigation'] as const;
export type BranchPhase = (typeof BRANCH_PHASES)[number];

/** Which phase may follow which. The workflow asserts every move against this table. */
export const PHASE_TRANSITIONS: Readonly<Record<Phase, readonly Phase[]>> = {
  received: ['awaiting-transparency', 'contact-and-assessment'],
  'awaiting-transparency': ['contact-and-assessment'],
  'contact-and-assessment': ['household-informed'],
  'household-informed': ['decision'],
  decision: ['handover', 'safety-conditions', 'investigation', 'child-protection-board-request', 'closed'],
  handover: ['decision', 'monitoring', 'closed'],
  'safety-conditions': ['investigation', 'monitoring', 'closed'],
  investigation: ['handover', 'safety-conditions', 'child-protection-board-request', 'closed'],
  'child-protection-board-request': ['closed'],
  // "Unsafe again" during monitoring re-opens the safety assessment on a fresh clock.
  monitoring: ['contact-and-assessment', 'closed'],
  closed: [],
};

export function canTransition(from: Phase, to: Phase): boolean {
  return PHASE_TRANSITIONS[from].includes(to);
}

export function assertTransition(from: Phase, to: Phase): void {
  if (!canTransition(from, to)) throw new Error(`Illegal phase transition ${from} -> ${to}`);
}
