import { ApiError } from '../../../src/web/client/api';
import { problemText } from '../../../src/web/client/problem-text';

describe('an API failure in words', () => {
  test('a report saved while the workflow engine was away is said to be saved, not to be registered again', () => {
    const text = problemText(
      new ApiError(503, { title: 'Service Unavailable', reportId: 'r-1', workflowStarted: false }),
    );
    expect(text).toContain('De melding is opgeslagen');
    expect(text).toContain('niet opnieuw');
  });

  test('any other 503 never says that nothing was saved: whether a command landed is not known', () => {
    const text = problemText(new ApiError(503, { title: 'Service Unavailable' }));
    expect(text).toContain('niet bereikbaar');
    expect(text).not.toMatch(/niets opgeslagen|opgeslagen/);
  });

  test('a task still being opened asks to try again in a moment, not to refresh the page', () => {
    const text = problemText(
      new ApiError(409, { title: 'Conflict', detail: 'The task is being opened; try again in a moment.' }),
    );
    expect(text).toContain('nog aangemaakt');
    expect(problemText(new ApiError(409, { title: 'Conflict', detail: 'The task is no longer open.' }))).toContain(
      'Ververs de pagina',
    );
  });
});
