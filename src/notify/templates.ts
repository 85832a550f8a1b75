import fs from 'node:fs';
import path from 'node:path';
import {
  LANGUAGES,
  STAFF_AUDIENCES,
  TEMPLATE_IDS,
  TEMPLATE_SPECS,
  type Channel,
  type Language,
  type TemplateId,
} from '../domain/notify';
import { StartupError } from '../services/startup-error';

/** templates/ at the repository root (also from dist/, which keeps the same layout one level down). */
export const DEFAULT_TEMPLATE_DIR =
  [path.resolve(__dirname, '../../templates'), path.resolve(__dirname, '../../../templates')].find((d) =>
    fs.existsSync(d),
  ) ?? path.resolve(__dirname, '../../templates');

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

export interface RenderedMessage {
  /** Email only. */
  subject?: string;
  text: string;
}

interface Template {
  file: string;
  subject?: string;
  body: string;
}

export class TemplateRenderError extends Error {
  override name = 'TemplateRenderError';
}

export interface Templates {
  readonly dir: string;
  render(
    id: TemplateId,
    channel: Channel,
    language: Language,
    values: Readonly<Record<string, string>>,
  ): RenderedMessage;
}

function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

function fill(text: string, values: Readonly<Record<string, string>>, where: string): string {
  return text.replace(PLACEHOLDER, (_m, name: string) => {
    const value = values[name];
    // Name the placeholder, never a value: values are personal data.
    if (typeof value !== 'string') throw new TemplateRenderError(`${where}: no value for {{${name}}}`);
    return value;
  });
}

/**
 * Reads every template (each id × language × channel of TEMPLATE_SPECS) and checks it, so a broken
 * template stops the start instead of failing a message to a household at night:
 * the file exists; an email starts with a `Subject:` line and a blank line; every `{{name}}` is a
 * placeholder the template's spec supplies (anything else could never be filled); every spec
 * placeholder is used by the template in that language; no stray braces; staff subjects carry no
 * placeholders (no personal data or case details on lock screens). Throws one StartupError that
 * lists every problem.
 */
export function loadTemplates(dir: string = DEFAULT_TEMPLATE_DIR): Templates {
  const problems: string[] = [];
  const table = new Map<string, Template>();
  const rel = (file: string) => path.relative(process.cwd(), file) || file;

  for (const id of TEMPLATE_IDS) {
    const spec = TEMPLATE_SPECS[id];
    for (const language of LANGUAGES) {
      const usedInLanguage = new Set<string>();
      for (const channel of spec.channels) {
        const file = path.join(dir, language, `${id}.${channel}.txt`);
        let raw: string;
        try {
          raw = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
        } catch {
          problems.push(`${rel(file)} is missing`);
          continue;
        }
        let subject: string | undefined;
        let body = raw;
        if (channel === 'email') {
          const match = /^Subject: ?(.+)\n\n/.exec(raw);
          if (!match) {
            problems.push(`${rel(file)} must start with a "Subject: …" line followed by an empty line`);
            continue;
          }
          subject = match[1].trim();
          body = raw.slice(match[0].length);
          if (STAFF_AUDIENCES.includes(spec.audience) && placeholdersOf(subject).length > 0) {
            problems.push(`${rel(file)}: the subject of a staff message must not contain placeholders`);
          }
        }
        body = body.trimEnd();
        for (const name of placeholdersOf(`${subject ?? ''}\n${body}`)) {
          if (!(spec.placeholders as readonly string[]).includes(name)) {
            problems.push(
              `${rel(file)} uses {{${name}}}, which is not supplied for ${id} (known: ${spec.placeholders.join(', ')})`,
            );
          }
          usedInLanguage.add(name);
        }
        const stripped = `${subject ?? ''}\n${body}`.replace(PLACEHOLDER, '');
        if (/\{\{|\}\}/.test(stripped)) problems.push(`${rel(file)} has a malformed placeholder (write {{name}})`);
        if (body.length === 0) problems.push(`${rel(file)} is empty`);
        table.set(`${id}/${channel}/${language}`, { file, subject, body });
      }
      const missing = spec.placeholders.filter((p) => !usedInLanguage.has(p));
      if (missing.length > 0 && spec.channels.every((c) => table.has(`${id}/${c}/${language}`))) {
        problems.push(`templates/${language}/${id}.* never use ${missing.map((m) => `{{${m}}}`).join(', ')}`);
      }
    }
  }
  if (problems.length > 0) {
    throw new StartupError(
      `Message templates in ${rel(dir)} are not usable:\n  - ${problems.join('\n  - ')}`,
      'fix the template files (placeholders are listed per template in src/domain/notify/messages.ts), then start again',
    );
  }

  return {
    dir,
    render(id, channel, language, values) {
      const template = table.get(`${id}/${channel}/${language}`) ?? table.get(`${id}/${channel}/nl`);
      if (!template) throw new TemplateRenderError(`no ${channel} template ${id}`);
      const where = `${id}.${channel} (${language})`;
      return {
        ...(template.subject !== undefined ? { subject: fill(template.subject, values, where) } : {}),
        text: fill(template.body, values, where),
      };
    },
  };
}
