import type mongoose from 'mongoose';
import { createNotificationActivities } from '../activities/notification-activities';
import { createCaseFileNoteLoader } from '../src/case-file/note-loader';
import type { NotifyConfig } from '../src/config/config';
import { createChannels } from '../src/notify/channels';
import type { LoadContactPoints, LoadMessageValues, LoadStaff } from '../src/notify/ports';
import { sendWindowFromConfig } from '../src/notify/send-window';
import { createStaffLoader } from '../src/notify/staff-directory';
import { createContactPointLoader, createMessageValueLoader } from '../src/notify/store-readers';
import { loadTemplates } from '../src/notify/templates';
import { loadPhrases } from '../src/notify/phrases';

export interface NotifyRuntimeDeps {
  config: NotifyConfig;
  connection: mongoose.Connection;
  /** The API's household model: contact points with their safety flags. */
  loadContactPoints: LoadContactPoints;
  /** The case store's report data that fills the templates (reference, agreements, …). */
  loadMessageValues: LoadMessageValues;
  loadStaff?: LoadStaff;
  inboxUrl?: string;
  templateDir?: string;
}

/** The ports as a worker reads them: households, reports and the staff directory in the case store. */
export function caseStorePorts(
  connection: mongoose.Connection,
): Pick<NotifyRuntimeDeps, 'loadContactPoints' | 'loadMessageValues' | 'loadStaff'> {
  return {
    loadContactPoints: createContactPointLoader(connection),
    // The agreements a letter repeats come from the case file (entries the household may see).
    loadMessageValues: createMessageValueLoader(connection, { loadNote: createCaseFileNoteLoader(connection) }),
    loadStaff: createStaffLoader(connection),
  };
}

/**
 * Everything the worker needs to send notifications, checked at start-up: templates (a missing
 * or unknown placeholder throws a StartupError) and the phrases that put codes into words, quiet hours, channels from the configuration.
 * Hand `activities` to buildActivities; call close() on shutdown.
 */
export function createNotifyRuntime(deps: NotifyRuntimeDeps) {
  const templates = loadTemplates(deps.templateDir);
  const phrases = loadPhrases(deps.templateDir);
  const sendWindow = sendWindowFromConfig(deps.config);
  const channels = createChannels(deps.config, deps.connection);
  const activities = createNotificationActivities({
    connection: deps.connection,
    channels,
    templates,
    phrases,
    loadContactPoints: deps.loadContactPoints,
    loadMessageValues: deps.loadMessageValues,
    loadStaff: deps.loadStaff,
    inboxUrl: deps.inboxUrl,
    sendWindow,
    dailyCeiling: deps.config.dailyCeiling,
    ratePerSecond: deps.config.ratePerSecond,
  });
  return {
    activities,
    async close() {
      await Promise.all(Object.values(channels).map((c) => c.close?.()));
    },
  };
}
