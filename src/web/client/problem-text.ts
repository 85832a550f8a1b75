import { ApiError } from './api';

/** A friendly message for an API failure; never the raw response. */
export function problemText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 403) return 'U heeft geen toegang tot dit onderdeel.';
    if (err.status === 404) return 'Niet gevonden, of u heeft er geen toegang toe.';
    // A new case's first task, named before its workflow wrote it: a moment later it is there.
    if (err.status === 409 && String(err.problem.detail ?? '').startsWith('The task is being opened'))
      return 'De taak wordt nog aangemaakt. Probeer het over een paar seconden opnieuw.';
    if (err.status === 409) return 'Dit kan niet meer: de taak of zaak is intussen gewijzigd. Ververs de pagina.';
    if (err.status === 413) return 'De invoer is te groot.';
    if (err.status === 429) return 'Te veel verzoeken achter elkaar. Probeer het zo opnieuw.';
    // A report saved while the workflow engine was away starts by itself: registering it again
    // would make a second case of it.
    if (err.status === 503 && err.problem.workflowStarted === false && typeof err.problem.reportId === 'string')
      return 'De melding is opgeslagen, maar de behandeling kan nu niet starten. Dat gebeurt vanzelf zodra het systeem weer bereikbaar is: registreer de melding niet opnieuw.';
    // Whether a command reached the workflow engine is not known: never say that nothing was saved.
    if (err.status === 503) return 'Het systeem is tijdelijk niet bereikbaar. Probeer het zo opnieuw.';
    if (err.status === 400) return 'Controleer de invoer.';
    return `Er ging iets mis (code ${err.status}).`;
  }
  return 'Er ging iets mis bij het laden. Controleer de verbinding en probeer het opnieuw.';
}
