/**
 * Team codes no team may have: the store keeps two lists of its own beside the teams' open-cases
 * lists, under the same prefix (`open-cases:teams`, the teams that have a list, and
 * `open-cases:built`, the rebuild's marker; src/store/open-cases.ts). A team with one of these
 * codes would write its open cases into them, and stuck cases and the KPIs of every team would
 * read them wrong.
 */
export const RESERVED_TEAM_CODES: readonly string[] = ['teams', 'built'];

export const isUsableTeamCode = (code: string) => !RESERVED_TEAM_CODES.includes(code);

export const RESERVED_TEAM_CODE_MESSAGE = `must not be ${RESERVED_TEAM_CODES.join(' or ')} (reserved)`;
