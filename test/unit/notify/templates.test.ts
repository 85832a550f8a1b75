import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEMPLATE_IDS, TEMPLATE_SPECS, LANGUAGES } from '../../../src/domain/notify';
import { DEFAULT_TEMPLATE_DIR, loadTemplates, TemplateRenderError } from '../../../src/notify/templates';
import { StartupError } from '../../../src/services/startup-error';

function copyTemplates(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vt-templates-'));
  fs.cpSync(DEFAULT_TEMPLATE_DIR, dir, { recursive: true });
  return dir;
}

describe('message templates', () => {
  it('the shipped templates load, and every one renders with its placeholders filled', () => {
    const templates = loadTemplates();
    for (const id of TEMPLATE_IDS) {
      const values = Object.fromEntries(TEMPLATE_SPECS[id].placeholders.map((p) => [p, `<${p}>`]));
      for (const language of LANGUAGES) {
        for (const channel of TEMPLATE_SPECS[id].channels) {
          const message = templates.render(id, channel, language, values);
          expect(message.text).not.toMatch(/\{\{|\}\}/);
          if (channel === 'email') expect(message.subject).toBeTruthy();
        }
      }
    }
  });

  it('renders the household letter in plain Dutch with the agreements', () => {
    const message = loadTemplates().render('household-report-and-agreements', 'email', 'nl', {
      reportReference: 'VT-123',
      agreements: 'De school houdt contact.',
      vtPhone: '0800-2000',
    });
    expect(message.subject).toBe('Bericht van Veilig Thuis over melding VT-123');
    expect(message.text).toContain('De school houdt contact.');
    expect(message.text).toContain('0800-2000');
  });

  it('refuses to render when a value is missing, naming the placeholder only', () => {
    expect(() => loadTemplates().render('household-closure', 'sms', 'nl', { reportReference: 'VT-1' })).toThrow(
      new TemplateRenderError('household-closure.sms (nl): no value for {{vtPhone}}'),
    );
  });

  it('a template that uses an unknown placeholder stops the start with a clear message', () => {
    const dir = copyTemplates();
    fs.writeFileSync(
      path.join(dir, 'nl', 'household-closure.sms.txt'),
      'Hallo {{naam}}, nummer {{reportReference}}. Bel {{vtPhone}}.\n',
    );
    let error: unknown;
    try {
      loadTemplates(dir);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StartupError);
    expect((error as StartupError).problem).toMatch(
      /nl[/\\]household-closure\.sms\.txt uses \{\{naam\}\}, which is not supplied for household-closure/,
    );
    expect((error as StartupError).fix).toMatch(/fix the template files/);
  });

  it('a missing file, a template that drops a required placeholder, or a staff subject with a placeholder stop the start', () => {
    const dir = copyTemplates();
    fs.rmSync(path.join(dir, 'en', 'reporter-contact-confirmation.sms.txt'));
    fs.writeFileSync(
      path.join(dir, 'nl', 'household-report-and-agreements.email.txt'),
      'Subject: Bericht {{reportReference}}\n\nBel {{vtPhone}}.\n',
    );
    fs.writeFileSync(
      path.join(dir, 'nl', 'caseworker-task-overdue.email.txt'),
      'Subject: Taak {{taskReference}} te laat\n\n{{taskReference}} {{dueDate}} {{inboxUrl}}\n',
    );
    expect(() => loadTemplates(dir)).toThrow(StartupError);
    try {
      loadTemplates(dir);
    } catch (err) {
      const problem = (err as StartupError).problem;
      expect(problem).toMatch(/reporter-contact-confirmation\.sms\.txt is missing/);
      expect(problem).toMatch(/household-report-and-agreements\.\* never use \{\{agreements\}\}/);
      expect(problem).toMatch(
        /caseworker-task-overdue\.email\.txt: the subject of a staff message must not contain placeholders/,
      );
    }
  });
});
