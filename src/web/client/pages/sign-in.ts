/// <reference lib="dom" />
import { ApiError, fieldErrorsOf, get, post } from '../api';
import { h } from '../dom';
import { alertBox, errorSummary, render } from '../layout';
import { ROLE_LABELS } from '../labels';
import { isSafeReturnPath } from '../return-path';
import { signedIn } from '../session';

interface WebConfig {
  mode: string;
  signIn: { kind: 'development'; roles: string[] } | { kind: 'oidc' } | { kind: 'none' };
}

/** Why the last sign-in was refused (`/inloggen?fout=…`, set by the sign-in callback). */
const REFUSALS: Record<string, string> = {
  'no-role': 'Uw account heeft geen rol in deze werkomgeving. Vraag uw leidinggevende om u een rol en team te geven.',
  expired: 'De inlogdienst gaf een verlopen toegangsbewijs af. Probeer opnieuw in te loggen.',
  audience:
    'De inlogdienst gaf een toegangsbewijs af dat niet voor deze werkomgeving is bedoeld. Meld dit bij de beheerder.',
  issuer: 'Het toegangsbewijs komt van een andere inlogdienst dan ingesteld. Meld dit bij de beheerder.',
  revoked: 'Dit toegangsbewijs is ingetrokken. Log opnieuw in.',
  invalid: 'Het toegangsbewijs van de inlogdienst is ongeldig. Meld dit bij de beheerder.',
  geweigerd: 'De inlogdienst heeft het inloggen geweigerd of afgebroken.',
  mislukt: 'Inloggen bij de inlogdienst is niet gelukt. Probeer het opnieuw.',
  'verlopen-aanmelding': 'Het inloggen duurde te lang of is in een ander venster begonnen. Probeer het opnieuw.',
};

function notices(): HTMLElement[] {
  const params = new URLSearchParams(location.search);
  const reason = params.get('fout');
  const out: HTMLElement[] = [];
  if (reason) out.push(alertBox('error', 'Inloggen geweigerd', h('p', {}, REFUSALS[reason] ?? REFUSALS.mislukt)));
  if (params.get('uitgelogd') === '1') out.push(alertBox('success', 'U bent uitgelogd', h('p', {}, 'Tot ziens.')));
  return out;
}

/** Sign-in: in development pick role, team and employee id (the server mints a token); in production go to the OIDC issuer. */
export async function signInPage(): Promise<void> {
  const config = await get<WebConfig>('/web/config');
  const back = new URLSearchParams(location.search).get('terug');
  const target = isSafeReturnPath(back) ? back : null;

  if (config.signIn.kind === 'oidc') {
    const url = `/web/oidc/login${target ? `?${new URLSearchParams({ terug: target })}` : ''}`;
    render(
      'Inloggen',
      ...notices(),
      h('p', { class: 'lead' }, 'U logt in met het account van uw organisatie.'),
      h('p', {}, h('a', { class: 'button', href: url }, 'Inloggen bij uw organisatie')),
    );
    return;
  }
  if (config.signIn.kind === 'none') {
    render(
      'Inloggen',
      alertBox(
        'error',
        'Inloggen is niet ingesteld',
        h('p', {}, 'Vraag de beheerder om de inlogdienst (OIDC) in te stellen.'),
      ),
    );
    return;
  }

  const roleSelect = h(
    'select',
    { id: 'rol', name: 'role' },
    config.signIn.roles.map((r) => h('option', { value: r }, ROLE_LABELS[r] ?? r)),
  );
  const team = h('input', {
    id: 'team',
    name: 'team',
    type: 'text',
    value: 'north',
    autocomplete: 'off',
    'aria-describedby': 'team-hint',
  });
  const sub = h('input', {
    id: 'medewerker',
    name: 'sub',
    type: 'text',
    value: 'alice',
    autocomplete: 'username',
    'aria-describedby': 'medewerker-hint',
  });
  const summarySlot = h('div', {});
  const form = h(
    'form',
    { novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'rol' }, 'Rol'), roleSelect),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'team' }, 'Team'),
      h('span', { class: 'field__hint', id: 'team-hint' }, 'De code van uw team, bijvoorbeeld north.'),
      team,
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'medewerker' }, 'Medewerker-id'),
      h('span', { class: 'field__hint', id: 'medewerker-hint' }, 'Uw personeelsnummer of gebruikersnaam, zonder naam.'),
      sub,
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, 'Inloggen')),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    summarySlot.replaceChildren();
    try {
      signedIn(
        await post<{ signedIn: boolean; user: { sub: string; role: string; team: string }; csrfToken: string }>(
          '/web/development-session',
          { role: roleSelect.value, team: team.value.trim(), sub: sub.value.trim() },
        ),
      );
      location.assign(target ?? (roleSelect.value === 'supervisor' ? '/toezicht' : '/taken'));
    } catch (err) {
      const ids: Record<string, string> = { role: 'rol', team: 'team', sub: 'medewerker' };
      for (const el of Array.from(form.querySelectorAll('.field__error'))) el.remove();
      for (const el of Array.from(form.querySelectorAll('.field--invalid'))) el.classList.remove('field--invalid');
      const items =
        err instanceof ApiError
          ? fieldErrorsOf(err.problem).map((f) => ({
              label: { role: 'Rol', team: 'Team', sub: 'Medewerker-id' }[f.path[0]] ?? 'Formulier',
              message: f.message,
              targetId: ids[f.path[0]] ?? '',
            }))
          : [];
      for (const item of items) {
        const input = item.targetId ? document.getElementById(item.targetId) : null;
        if (!input) continue;
        const error = h('span', { class: 'field__error', id: `${item.targetId}-fout` }, item.message);
        input.before(error);
        input.parentElement?.classList.add('field--invalid');
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute(
          'aria-describedby',
          `${input.getAttribute('aria-describedby')?.replace(/\s*\S+-fout/, '') ?? ''} ${error.id}`.trim(),
        );
      }
      const box = errorSummary(items, items.length ? undefined : 'Inloggen is niet gelukt.');
      summarySlot.appendChild(box);
      box.focus();
    }
  });
  render(
    'Inloggen',
    ...notices(),
    alertBox(
      'info',
      'Ontwikkelomgeving',
      h(
        'p',
        {},
        'Dit is een ontwikkelomgeving. U kiest zelf een rol en team; in productie logt u in bij uw organisatie.',
      ),
    ),
    summarySlot,
    form,
  );
}
