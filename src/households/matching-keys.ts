import { createHmac } from 'node:crypto';
import { normalisePostcode } from './bsn';

export type MatchingKind = 'bsn' | 'name-birth' | 'address';

export interface MatchingKey {
  kind: MatchingKind;
  /** HMAC-SHA256 (hex) of the normalised key; the `_id` of its household_keys document. */
  hash: string;
}

export interface MatchingFacts {
  members: { name?: string; birthDate?: string; bsn?: string }[];
  address?: { postcode: string; houseNumber: number; houseNumberAddition?: string };
}

/** Lower case, accents and punctuation gone, one space between words: "Jan-Willem  de Vries" = "jan willem de vries". */
export function normaliseName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Keyed hashes of a household's matching keys, scoped to the team (a team finds only its own
 * households, as it reaches only its own cases). The plain values never leave this function.
 */
export function matchingKeys(secret: Buffer, team: string, facts: MatchingFacts): MatchingKey[] {
  const hash = (kind: MatchingKind, ...parts: string[]): MatchingKey => ({
    kind,
    hash: createHmac('sha256', secret)
      .update([kind, team, ...parts].join('\n'))
      .digest('hex'),
  });
  const keys = new Map<string, MatchingKey>();
  const add = (k: MatchingKey) => keys.set(k.hash, k);
  for (const m of facts.members) {
    if (m.bsn) add(hash('bsn', m.bsn));
    if (m.name && m.birthDate) {
      const name = normaliseName(m.name);
      if (name) add(hash('name-birth', name, m.birthDate));
    }
  }
  if (facts.address) {
    const a = facts.address;
    add(
      hash(
        'address',
        normalisePostcode(a.postcode),
        `${a.houseNumber}${(a.houseNumberAddition ?? '').toLowerCase().replace(/[^a-z0-9]/g, '')}`,
      ),
    );
  }
  return [...keys.values()];
}
