import type { NotifyConfig } from '../config/config';
import { DEFAULT_SEND_WINDOW, parseClockTime, validateSendWindow, type SendWindow } from '../domain/notify';
import { StartupError } from '../services/startup-error';

/** The send window from VT_NOTIFY_QUIET_START/END: quiet from START until END, e.g. 21:00–08:00. */
export function sendWindowFromConfig(config: Pick<NotifyConfig, 'quietStart' | 'quietEnd'>): SendWindow {
  try {
    const window = {
      ...DEFAULT_SEND_WINDOW,
      startMinute: parseClockTime(config.quietEnd, 'VT_NOTIFY_QUIET_END'),
      endMinute: parseClockTime(config.quietStart, 'VT_NOTIFY_QUIET_START'),
    };
    validateSendWindow(window);
    return window;
  } catch (err) {
    throw new StartupError(
      `Quiet hours are not usable: ${(err as Error).message}`,
      'set VT_NOTIFY_QUIET_START (e.g. 21:00) later in the day than VT_NOTIFY_QUIET_END (e.g. 08:00)',
    );
  }
}
