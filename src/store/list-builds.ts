import type mongoose from 'mongoose';
import type { Logger } from '../logging/logger';
import { buildClosedCaseListsOnce } from './closed-cases-rebuild';
import { startMessageLists } from './message-lists';
import { buildOpenCaseListsOnce } from './open-cases-rebuild';

/**
 * The one-time builds of the lists that replaced filters on history collections (the teams' open
 * cases, the closed cases retention lists, the start of the message lists), started beside a worker without holding up its start: readers
 * use the lists as they are, or the old filter until the closed-case lists are built. Resolves when
 * both are done; a failure is logged (ids-free) and retried at the next start, since each marker is
 * written only on success.
 */
export function buildListsInBackground(
  connection: mongoose.Connection,
  logger: Pick<Logger, 'info' | 'error'>,
): Promise<void> {
  const build = (lists: string, once: (c: mongoose.Connection) => Promise<number>) =>
    once(connection).then(
      (added) => {
        if (added) logger.info({ lists, added }, 'lists built from the projections');
      },
      (err: unknown) => logger.error({ lists, err: (err as Error).message }, 'building lists failed'),
    );
  return Promise.all([
    build('open-cases', buildOpenCaseListsOnce),
    build('closed-cases', buildClosedCaseListsOnce),
    // Nothing to build: the message lists begin here, so reports recorded from now on are complete in them.
    build('messages', async (c) => (await startMessageLists(c), 0)),
  ]).then(() => undefined);
}
