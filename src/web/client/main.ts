/// <reference lib="dom" />
import { renderChrome, showFailure } from './layout';
import { entryNewPage } from './case-file/entry-new-page';
import { entryPage } from './case-file/entry-page';
import { adviceNewPage } from './pages/advice-new';
import { inboxPage } from './pages/inbox';
import { kpiPage } from './pages/kpi';
import { reportNewPage } from './pages/report-new';
import { reportPage } from './pages/report';
import { retentionDuePage } from './pages/retention-due';
import { signInPage } from './pages/sign-in';
import { stuckCasesPage } from './pages/stuck-cases';
import { taskPage } from './pages/task';
import { isSupervisor, loadSession } from './session';
import { householdSearchPage } from './households/household-search';

/**
 * Every page is a full page load of the same HTML shell; this picks the page by its path. Links
 * are ordinary links, so the browser's history, focus reset and "open in new tab" just work.
 */
type Page = (params: string[]) => Promise<void>;
const ROUTES: [RegExp, Page, { public?: boolean; supervisor?: boolean }][] = [
  [/^\/inloggen$/, () => signInPage(), { public: true }],
  [/^\/taken$/, () => inboxPage(), {}],
  [/^\/taken\/([^/]+)$/, ([id]) => taskPage(id), {}],
  [/^\/meldingen\/nieuw$/, () => reportNewPage(), {}],
  [/^\/meldingen\/([^/]+)$/, ([id]) => reportPage(id), {}],
  [/^\/meldingen\/([^/]+)\/dossier\/nieuw$/, ([id]) => entryNewPage(id), {}],
  [/^\/meldingen\/([^/]+)\/dossier\/([^/]+)$/, ([id, entryId]) => entryPage(id, entryId), {}],
  [/^\/adviezen\/nieuw$/, () => adviceNewPage(), {}],
  [/^\/gezinnen\/zoeken$/, () => householdSearchPage(), {}],
  [/^\/toezicht$/, () => stuckCasesPage(), { supervisor: true }],
  [/^\/toezicht\/kpi$/, () => kpiPage(), { supervisor: true }],
  [/^\/toezicht\/bewaartermijn$/, () => retentionDuePage(), { supervisor: true }],
];

async function boot(): Promise<void> {
  const path = location.pathname;
  const user = await loadSession();
  if (path === '/') {
    location.replace(user ? (isSupervisor(user) ? '/toezicht' : '/taken') : '/inloggen');
    return;
  }
  renderChrome();
  for (const [re, page, opts] of ROUTES) {
    const m = re.exec(path);
    if (!m) continue;
    if (!opts.public && !user) {
      location.replace(`/inloggen?terug=${encodeURIComponent(path + location.search)}`);
      return;
    }
    if (opts.supervisor && !isSupervisor(user)) {
      location.replace('/taken');
      return;
    }
    await page(m.slice(1).map(decodeURIComponent));
    document.body.dataset.ready = 'true';
    return;
  }
}

boot().catch((err) => {
  showFailure(err);
  document.body.dataset.ready = 'true';
});
