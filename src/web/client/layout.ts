/// <reference lib="dom" />
import { problemText } from './problem-text';
import { h, clear, type Child } from './dom';
import { label, ROLE_LABELS } from './labels';
import { currentUser, isSupervisor, signOut } from './session';

export function mainEl(): HTMLElement {
  return document.getElementById('inhoud')!;
}

/** Replaces the page content; the first heading names the page, the title follows it. */
export function render(title: string, ...children: Child[]): HTMLElement {
  const main = mainEl();
  clear(main);
  document.title = `${title} – Veilig Thuis`;
  main.appendChild(h('h1', {}, title));
  for (const c of children) if (c) main.appendChild(c instanceof Node ? c : h('div', {}, c));
  return main;
}

export function renderChrome(): void {
  const user = currentUser();
  const nav = document.getElementById('hoofdmenu')!;
  const userEl = document.getElementById('gebruiker')!;
  clear(nav);
  clear(userEl);
  if (!user) return;
  const links: [string, string][] = [
    ['/taken', 'Taken'],
    ['/meldingen/nieuw', 'Melding registreren'],
    ['/adviezen/nieuw', 'Advies vastleggen'],
  ];
  if (user.role !== 'admin') links.push(['/gezinnen/zoeken', 'Gezin zoeken']);
  if (isSupervisor(user))
    links.push(
      ['/toezicht', 'Vastgelopen zaken'],
      ['/toezicht/kpi', 'Kengetallen'],
      ['/toezicht/bewaartermijn', 'Bewaartermijnen'],
    );
  nav.appendChild(
    h(
      'ul',
      { class: 'site-nav__list' },
      links.map(([href, text]) =>
        h('li', {}, h('a', { href, 'aria-current': location.pathname === href ? 'page' : undefined }, text)),
      ),
    ),
  );
  userEl.append(
    h('span', {}, `${user.sub} · ${label(ROLE_LABELS, user.role)}${user.team ? ` · team ${user.team}` : ''}`),
    h(
      'button',
      {
        type: 'button',
        class: 'button button--link',
        click: () => void signOut(),
      },
      'Uitloggen',
    ),
  );
}

export function alertBox(kind: 'error' | 'success' | 'info', title: string, ...body: Child[]): HTMLElement {
  return h(
    'div',
    { class: `alert alert--${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('h2', {}, title),
    body,
  );
}

export { problemText };

export function showFailure(err: unknown): void {
  render('Er ging iets mis', alertBox('error', 'Er ging iets mis', h('p', {}, problemText(err))));
}

/** An error summary with links to the fields, focused so screen readers announce it. */
export function errorSummary(
  items: { message: string; label: string; targetId: string }[],
  general?: string,
): HTMLElement {
  const box = h(
    'div',
    { class: 'alert alert--error', role: 'alert', tabindex: '-1' },
    h('h2', {}, 'Er is een probleem'),
    general ? h('p', {}, general) : null,
    items.length
      ? h(
          'ul',
          {},
          items.map((i) =>
            h(
              'li',
              {},
              i.targetId
                ? h(
                    'a',
                    {
                      href: `#${i.targetId}`,
                      click: (e: Event) => {
                        e.preventDefault();
                        document.getElementById(i.targetId)?.focus();
                      },
                    },
                    `${i.label}: ${i.message}`,
                  )
                : `${i.label}: ${i.message}`,
            ),
          ),
        )
      : null,
  );
  return box;
}

export function table(caption: string, headers: string[], rows: HTMLTableRowElement[], empty: string): HTMLElement {
  if (!rows.length) return h('div', {}, h('h2', {}, caption), h('p', { class: 'muted' }, empty));
  return h(
    'div',
    // Focusable so keyboard users can scroll a wide table on a narrow screen.
    { class: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: '0' },
    h(
      'table',
      {},
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headers.map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
}
