import fs from 'node:fs';
import path from 'node:path';
import { CONTACT_HOUSEHOLD_TASK_TYPE, LANGUAGES, type Language } from '../domain/notify';
import {
  HANDOVER_RECEIVER_KINDS,
  INVESTIGATION_FINDINGS,
  INVESTIGATION_SOURCES,
  REPORTER_FEEDBACK_STEPS,
  RESPONSIBLE_PARTIES,
  TASK_TYPES,
} from '../domain/report';
import { ADVICE_FOLLOW_UP_TASK_TYPE } from '../domain/advice/follow-up';
import { StartupError } from '../services/startup-error';
import { DEFAULT_TEMPLATE_DIR } from './templates';

/*
 * Codes the workflow records (task types, feedback steps, investigation findings and sources) as
 * plain words in the recipient's language. The words live beside the templates
 * (templates/<language>/phrases.json), so code stays English and a translator edits one file.
 */

const GROUPS = {
  task: [...TASK_TYPES, CONTACT_HOUSEHOLD_TASK_TYPE, ADVICE_FOLLOW_UP_TASK_TYPE],
  /** What a message calls a case that is an advice (no report, so no case reference). */
  caseKind: ['advice'],
  reporterFeedbackStep: REPORTER_FEEDBACK_STEPS,
  investigationFindings: INVESTIGATION_FINDINGS,
  investigationSources: [...INVESTIGATION_SOURCES, 'none'],
  oversight: RESPONSIBLE_PARTIES,
  agreements: ['veilig-thuis-acts', 'reporter-stays-in-touch', 'ask-your-caseworker'],
  receivingOrganisation: HANDOVER_RECEIVER_KINDS,
} as const;
export type PhraseGroup = keyof typeof GROUPS;
/** Every task type a message may name (report tasks, contact-household, advice follow-up). */
export const TASK_CODES: readonly string[] = GROUPS.task;

export interface Phrases {
  /** The phrase of `code`; a task type without words (newer than these files) falls back to the code itself. */
  get(group: PhraseGroup, code: string, language: Language): string;
}

/** Reads and checks every language's phrases.json: a missing phrase for a letter stops the start, like a broken template. */
export function loadPhrases(dir: string = DEFAULT_TEMPLATE_DIR): Phrases {
  const problems: string[] = [];
  const table = new Map<string, string>();
  for (const language of LANGUAGES) {
    const file = path.join(dir, language, 'phrases.json');
    let parsed: Record<string, Record<string, unknown>>;
    try {
      parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
    } catch (err) {
      problems.push(`${file} cannot be read as JSON (${(err as Error).name})`);
      continue;
    }
    for (const [group, codes] of Object.entries(GROUPS)) {
      for (const code of codes) {
        const phrase = parsed[group]?.[code];
        if (typeof phrase === 'string' && phrase.trim() !== '') table.set(`${language}/${group}/${code}`, phrase);
        // A new task type only shows as its code in a staff e-mail until it has words: no reason
        // to stop the worker. Words in letters to households and reporters must all be there.
        else if (group !== 'task') problems.push(`${file}: ${group}.${code} is missing`);
      }
    }
  }
  if (problems.length > 0) {
    throw new StartupError(
      `Message phrases are not usable:\n  - ${problems.join('\n  - ')}`,
      'add the missing phrases to templates/<language>/phrases.json, then start again',
    );
  }
  return {
    get: (group, code, language) =>
      table.get(`${language}/${group}/${code}`) ?? table.get(`nl/${group}/${code}`) ?? code,
  };
}
