import type mongoose from 'mongoose';
import nodemailer from 'nodemailer';
import type { Channel } from '../domain/notify';
import { ProviderError, type NotificationChannel, type OutgoingMessage, type SendResult } from './channel';
import { devMessageModel } from './delivery-model';

/**
 * Email over SMTP. The Message-ID is derived from the opaque reference, so a message sent again
 * after a crash carries the same id (receiving systems and the sent-log can recognise it); the
 * reference also goes in a header for bounce handling. 5xx replies are permanent, the rest
 * (4xx, connection trouble) are retried by the activity.
 */
export function createSmtpChannel(options: {
  url: string;
  from: string;
  messageIdDomain?: string;
}): NotificationChannel {
  const transport = nodemailer.createTransport(options.url);
  const domain = options.messageIdDomain ?? /@([^>\s]+)>?\s*$/.exec(options.from)?.[1] ?? 'veiligthuis.local';
  return {
    channel: 'email',
    provider: 'smtp',
    async send(message: OutgoingMessage): Promise<SendResult> {
      const messageId = `<${message.reference}@${domain}>`;
      try {
        await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject ?? '',
          text: message.text,
          messageId,
          headers: { 'X-VT-Reference': message.reference },
        });
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        // Never include the error text: an SMTP reply may quote the recipient address.
        throw new ProviderError(
          `SMTP send failed${code ? ` with reply ${code}` : ` (${(err as { code?: string }).code ?? 'connection error'})`}`,
          typeof code === 'number' && code >= 500,
        );
      }
      return { providerMessageId: messageId, duplicate: false };
    },
    async close() {
      transport.close();
    },
  };
}

/**
 * SMS over CM.com's JSON messaging API (POST …/v1.0/message with a product token), plain fetch.
 * The opaque reference goes in CM's `reference` field and comes back in delivery reports.
 * HTTP 5xx/429 and network errors are transient; a 4xx per-message refusal (invalid number,
 * blocked) is permanent. 401/403 mean our key is wrong: transient, so messages wait for the fix
 * instead of falling back to another channel for every household.
 */
export function createCmSmsChannel(options: {
  apiUrl: string;
  apiKey: string;
  sender: string;
  timeoutMs?: number;
}): NotificationChannel {
  return {
    channel: 'sms',
    provider: 'cm',
    async send(message: OutgoingMessage): Promise<SendResult> {
      const body = {
        messages: {
          authentication: { productToken: options.apiKey },
          msg: [
            {
              from: options.sender,
              to: [{ number: message.to }],
              body: { type: 'auto', content: message.text },
              reference: message.reference,
            },
          ],
        },
      };
      let response: Response;
      try {
        response = await fetch(options.apiUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        });
      } catch (err) {
        throw new ProviderError(`SMS provider unreachable (${(err as Error).name})`, false);
      }
      const payload = (await response.json().catch(() => ({}))) as {
        errorCode?: number;
        details?: string;
        duplicate?: boolean;
        messages?: { messageErrorCode?: number; messageId?: string; status?: string }[];
      };
      if (response.ok) {
        const first = payload.messages?.[0];
        return { providerMessageId: first?.messageId ?? message.reference, duplicate: payload.duplicate === true };
      }
      const retryAfter = Number(response.headers.get('retry-after'));
      const transient =
        response.status >= 500 || response.status === 429 || response.status === 401 || response.status === 403;
      throw new ProviderError(
        `SMS provider refused with HTTP ${response.status}${payload.errorCode !== undefined ? ` (error ${payload.errorCode})` : ''}`,
        !transient,
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
      );
    },
  };
}

/**
 * The development channel: stores each message in the case store (collection dev_messages) for
 * inspection and counts it delivered at once. Keyed by the reference: a second send is a no-op.
 */
export function createDevChannel(connection: mongoose.Connection, channel: Channel): NotificationChannel {
  const messages = devMessageModel(connection);
  return {
    channel,
    provider: `dev-${channel}`,
    async send(message: OutgoingMessage): Promise<SendResult> {
      const result = await messages.updateOne(
        { _id: message.reference },
        {
          $setOnInsert: {
            channel,
            to: message.to,
            ...(message.subject !== undefined ? { subject: message.subject } : {}),
            text: message.text,
            at: new Date(),
          },
        },
        { upsert: true },
      );
      return { providerMessageId: message.reference, duplicate: result.upsertedCount === 0, receipt: 'delivered' };
    },
  };
}

export interface ChannelsConfig {
  smtpUrl?: string;
  emailFrom: string;
  sms: { provider: 'cm' | 'dev'; apiUrl: string; apiKey?: string; sender: string };
}

/** The channels the configuration selects; the development channel where nothing is configured. */
export function createChannels(
  config: ChannelsConfig,
  connection: mongoose.Connection,
): Record<Channel, NotificationChannel> {
  const email = config.smtpUrl
    ? createSmtpChannel({ url: config.smtpUrl, from: config.emailFrom })
    : createDevChannel(connection, 'email');
  let sms: NotificationChannel;
  if (config.sms.provider === 'cm') {
    if (!config.sms.apiKey) throw new Error('VT_SMS_PROVIDER=cm needs VT_SMS_API_KEY');
    sms = createCmSmsChannel({ apiUrl: config.sms.apiUrl, apiKey: config.sms.apiKey, sender: config.sms.sender });
  } else {
    sms = createDevChannel(connection, 'sms');
  }
  return { email, sms };
}
