import { createCalendar } from '../../../../src/domain/calendar';
import { addDays } from '../../../../src/domain/calendar/local-date';
import { startSmsProviderStub, type SmsProviderStub } from '../../../../src/services/sms-provider-stub';
import { notificationModel } from '../../../../src/store/notification-model';
import { eventually } from '../../../support/eventually';
import { startSmtpSink } from '../../../workflow/notify/helpers';
import { startApiHarness, type ApiHarness } from '../../api/support/api-harness';

export const RECEIPT_SECRET = 'receipt-secret-notify-integration-0123456789';
const SMS_KEY = 'cm-product-token-notify';

export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;

export interface NotifyHarness {
  api: ApiHarness;
  smtp: SmtpSink;
  sms: SmsProviderStub;
  stop(): Promise<void>;
}

/**
 * The whole system as `npm start` runs it (API + worker on the integration dev server and
 * MongoDB-wire server) with email through a real SMTP server on loopback and SMS through the
 * provider stub, whose signed receipts go to the API's webhook. Quiet hours are configured
 * away, so a run at night tests the same sends as one by day (quiet hours have tests of their own).
 */
export async function startNotifyHarness(): Promise<NotifyHarness> {
  const smtp = await startSmtpSink();
  const sms = await startSmsProviderStub(0, { apiKey: SMS_KEY, receiptSecret: RECEIPT_SECRET });
  const api = await startApiHarness({
    VT_SMTP_URL: smtp.url,
    VT_EMAIL_FROM: 'Veilig Thuis <no-reply@vt-test.example>',
    VT_SMS_PROVIDER: 'cm',
    VT_SMS_API_URL: `${sms.url}/v1.0/message`,
    VT_SMS_API_KEY: SMS_KEY,
    VT_RECEIPT_SECRET: RECEIPT_SECRET,
    VT_NOTIFY_QUIET_START: '24:00',
    VT_NOTIFY_QUIET_END: '00:00',
  });
  sms.setReceiptUrl(`${api.system.apiUrl}/v1/notification-receipts`);
  return {
    api,
    smtp,
    sms,
    async stop() {
      await api.stop();
      await sms.close();
      await smtp.close();
    },
  };
}

const cal = createCalendar();

/** How long the transparency task must stay not yet overdue: longer than a reminder test takes. */
const NOT_DUE_FOR_MS = 4 * 60_000;

/**
 * A receipt for which a transparency question (2 working days) is not due yet but its reminder
 * (end of the working day before the due day) has passed: the reminder goes out at registration.
 * None exists in the last minutes of a local day (the reminder of the next due day has not passed
 * and today's due instant is too close); undefined then.
 */
export function receiptWithReminderDue(now = new Date()): string | undefined {
  for (let back = 1; back < 15; back++) {
    const day = addDays(cal.localDateOf(now), -back);
    if (!cal.isWorkingDay(day)) continue;
    const receivedAt = new Date(cal.startOfDay(day).getTime() + 10 * 3_600_000).toISOString();
    const due = cal.deadline({ start: receivedAt, workingDays: 2 }).dueAt;
    let before = addDays(cal.localDateOf(due), -1);
    while (!cal.isWorkingDay(before)) before = addDays(before, -1);
    if (Date.parse(due) > now.getTime() + NOT_DUE_FOR_MS && cal.endOfDay(before).getTime() < now.getTime())
      return receivedAt;
  }
  return undefined;
}

/**
 * receiptWithReminderDue on the real clock. In the last minutes of an Amsterdam day (CI ran at
 * 23:28 and found none) it waits for the day to turn, at most NOT_DUE_FOR_MS.
 */
export async function receivedAtWithReminderDue(): Promise<string> {
  const now = new Date();
  const found = receiptWithReminderDue(now);
  if (found) return found;
  const nextDay = cal.startOfDay(addDays(cal.localDateOf(now), 1)).getTime();
  await new Promise((resolve) => setTimeout(resolve, nextDay - now.getTime() + 1_000));
  const after = receiptWithReminderDue();
  if (!after) throw new Error('no receipt date found with a transparency reminder due now');
  return after;
}

/** Waits until every notification of the report has finished its delivery (sent, undeliverable or skipped). */
export async function deliveriesFinished(
  api: ApiHarness,
  reportId: string,
  kind: string,
): Promise<{ status: string }[]> {
  const model = notificationModel(api.system.store);
  return eventually(
    async () => {
      const docs = await model.find({ reportId, kind }).lean();
      return docs.length > 0 && docs.every((d) => d.status !== 'pending') && docs;
    },
    `the ${kind} notification of ${reportId} to finish`,
    90_000,
  );
}
