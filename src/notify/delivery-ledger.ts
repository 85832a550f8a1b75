import { ApplicationFailure, Context, log } from '@temporalio/activity';
import mongoose from 'mongoose';
import { amsterdamDateOf, amsterdamWallTimeToEpochMillis } from '../domain/calendar/amsterdam-time';
import { addDays } from '../domain/calendar/local-date';
import type { Channel } from '../domain/notify';
import { opaqueReference, ProviderError, type NotificationChannel, type SendResult } from './channel';
import { deliveryModel, ledgerModel, type DeliveryDoc } from './delivery-model';
import { deliveryReferenceModel } from './delivery-reference-model';
import { changeList } from '../store/open-work';
import { RateLimiter } from './rate-limit';
import type { RenderedMessage } from './templates';
import { isDuplicateKey } from '../store/duplicate-key';

export interface DeliveryLedgerDeps {
  connection: mongoose.Connection;
  channels: Record<Channel, NotificationChannel>;
  /** Messages per provider per Amsterdam day; 0 = no ceiling. */
  dailyCeiling: Record<Channel, number>;
  ratePerSecond: Record<Channel, number>;
}

/** One message to one recipient; `deliveryId` is what makes a retry the same delivery. */
export interface Delivery {
  deliveryId: string;
  noticeId: string;
  contactPointId: string;
  /** The workflow to signal with the receipt (staff and reporter notifications); default `notice-<noticeId>`. */
  workflowId?: string;
  channel: Channel;
  to: string;
  message: RenderedMessage;
  /** Alerts about acute danger: sent even when today's ceiling is reached. */
  bypassCeiling?: boolean;
}

export interface DeliveryResult {
  deliveryId: string;
  reference: string;
  /** accepted: wait for the receipt; delivered: the channel knows already (development channel). */
  status: 'accepted' | 'delivered';
  /** Nothing new was sent: the provider or our record had it already. */
  duplicate: boolean;
}

/** A delivery that got past 'intent': an earlier attempt reached the provider, so nothing is sent again. */
export type SettledStatus = Exclude<DeliveryDoc['status'], 'intent'>;

/**
 * Sending every message exactly once per delivery id:
 * 1. an earlier attempt that the provider accepted (recorded) returns at once, without sending
 *    (callers ask alreadySettled() first);
 * 2. the intent is recorded before the provider is called, with an opaque reference derived from
 *    the delivery id (no personal data, the same on every retry);
 * 3. the provider is called with that reference; the SMS provider accepts a reference once and
 *    the SMTP Message-ID is derived from it, so a worker killed after the provider accepted and
 *    before step 4 sends nothing new on the retry;
 * 4. the acceptance is recorded (only over 'intent': a receipt may have arrived first).
 * Provider errors: transient ones are retried by Temporal with backoff (a provider outage delays,
 * never loses); permanent ones fail the activity without retry, and the workflow falls back.
 * One ledger per worker: the rate limiters are per process, shared by every kind of message.
 */
export function createDeliveryLedger(deps: DeliveryLedgerDeps) {
  const deliveries = deliveryModel(deps.connection);
  const references = deliveryReferenceModel(deps.connection);
  const ledger = ledgerModel(deps.connection);
  const limiters: Record<Channel, RateLimiter> = {
    email: new RateLimiter(deps.ratePerSecond.email),
    sms: new RateLimiter(deps.ratePerSecond.sms),
  };

  const sendCountKey = (provider: string, date: string) => `send-count:${provider}:${date}`;

  /** Counts this delivery against today's ceiling of the provider, once; throws when the ceiling is reached. */
  async function reserveCeiling(channel: Channel, provider: string, deliveryId: string): Promise<void> {
    const ceiling = deps.dailyCeiling[channel];
    if (!ceiling) return;
    const now = Date.now();
    const date = amsterdamDateOf(now);
    const _id = `${provider}:${date}:${deliveryId}`;
    if (await ledger.exists({ _id })) return;
    // The day's count is one document changed under a lock (counting the ledger's documents
    // decoded every message ever sent, on every send). A process dying between the count and the
    // ledger's insert leaves one counted but unsent: the ceiling errs on the cheap side.
    let reached = false;
    await changeList<number>(deps.connection, sendCountKey(provider, date), ([used = 0]) => {
      reached = used >= ceiling;
      return reached ? undefined : [used + 1];
    });
    if (!reached) {
      await ledger.updateOne({ _id }, { $setOnInsert: { provider, date, at: new Date() } }, { upsert: true });
      return;
    }
    const untilTomorrow = amsterdamWallTimeToEpochMillis(addDays(date, 1), 0) - now + 1_000;
    log.warn('daily send ceiling reached; message waits for tomorrow', { provider, ceiling });
    throw ApplicationFailure.create({
      message: `daily ceiling of ${ceiling} messages for ${provider} reached`,
      type: 'DailyCeilingReached',
      nextRetryDelay: untilTomorrow,
    });
  }

  return {
    /** Step 1: the recorded status when an earlier attempt got past 'intent', else undefined (send). */
    async alreadySettled(deliveryId: string): Promise<SettledStatus | undefined> {
      const existing = await deliveries.findOne({ _id: deliveryId }, { status: 1 }).lean();
      return existing && existing.status !== 'intent' ? existing.status : undefined;
    },

    /** Steps 2–4: intent, ceiling, rate limit, provider, acceptance. */
    async deliverOnce(d: Delivery): Promise<DeliveryResult> {
      const channel = deps.channels[d.channel];
      const reference = opaqueReference(d.deliveryId);
      // An earlier attempt that the provider accepted but that could not record it says so in its
      // heartbeat: this attempt only records, it does not send a second copy.
      const earlier = acceptedInEarlierAttempt(d.deliveryId);
      if (!earlier) {
        await deliveries.updateOne(
          { _id: d.deliveryId },
          {
            $setOnInsert: {
              noticeId: d.noticeId,
              reference,
              channel: d.channel,
              provider: channel.provider,
              contactPointId: d.contactPointId,
              ...(d.workflowId ? { workflowId: d.workflowId } : {}),
              status: 'intent',
              intentAt: new Date(),
            },
            $inc: { attempts: 1 },
          },
          { upsert: true },
        );
        // Before the provider can answer with a receipt naming the reference.
        await references
          .updateOne({ _id: reference }, { $setOnInsert: { deliveryId: d.deliveryId } }, { upsert: true })
          .catch((err: unknown) => {
            // A racing attempt inserted it first (FerretDB answers that upsert with a duplicate key).
            if (!isDuplicateKey(err)) throw err;
          });
        if (!d.bypassCeiling) await reserveCeiling(d.channel, channel.provider, d.deliveryId);
        await limiters[d.channel].take();
      }

      let result = earlier;
      try {
        result ??= await channel.send({ reference, to: d.to, subject: d.message.subject, text: d.message.text });
      } catch (err) {
        if (err instanceof ProviderError) {
          log.warn('provider refused message', {
            noticeId: d.noticeId,
            provider: channel.provider,
            permanent: err.permanent,
            reason: err.message,
          });
          if (err.permanent) {
            await deliveries.updateOne(
              { _id: d.deliveryId },
              { $set: { status: 'failed', permanent: true, reason: err.message, finishedAt: new Date() } },
            );
            throw ApplicationFailure.nonRetryable(err.message, 'PermanentSendFailure');
          }
          throw ApplicationFailure.create({
            message: err.message,
            type: 'TransientSendFailure',
            nextRetryDelay: err.retryAfterMs,
          });
        }
        throw err;
      }
      const status = result.receipt === 'delivered' ? 'delivered' : 'accepted';
      const accepted = result;
      await untilRecorded({ deliveryId: d.deliveryId, result: accepted }, () =>
        deliveries.updateOne(
          { _id: d.deliveryId, status: 'intent' },
          {
            $set: {
              status,
              providerMessageId: result.providerMessageId,
              acceptedAt: new Date(),
              ...(status === 'delivered' ? { finishedAt: new Date() } : {}),
            },
          },
        ),
      );
      log.info('message accepted by provider', {
        noticeId: d.noticeId,
        provider: channel.provider,
        duplicate: result.duplicate,
      });
      return { deliveryId: d.deliveryId, reference, status, duplicate: result.duplicate };
    },

    /** The workflow gave up on a delivery (failed, or no receipt in time); a delivered one stays delivered. */
    async markFailed(deliveryId: string, reason: string): Promise<void> {
      await deliveries.updateOne(
        { _id: deliveryId, status: mongoose.trusted({ $in: ['intent', 'accepted'] }) },
        { $set: { status: 'failed', reason, finishedAt: new Date() } },
      );
    },
  };
}

export type DeliveryLedger = ReturnType<typeof createDeliveryLedger>;

/** What an attempt heartbeats once the provider accepted: the next attempt's proof not to send again. */
interface AcceptedDetails {
  acceptedDelivery: { deliveryId: string; result: SendResult };
}

function acceptedInEarlierAttempt(deliveryId: string): SendResult | undefined {
  let details: unknown;
  try {
    details = Context.current().info.heartbeatDetails;
  } catch {
    return undefined; // outside an activity
  }
  const accepted = (details as Partial<AcceptedDetails> | undefined)?.acceptedDelivery;
  return accepted?.deliveryId === deliveryId ? accepted.result : undefined;
}

/**
 * The provider has the message: a failed recording must not fail the attempt, since the retry
 * would find only the intent and send it again (a store outage right after an e-mail was
 * accepted). So the acceptance is heartbeated at once (Temporal hands it to the next attempt, which
 * then records without sending), and the recording is tried again for as long as this attempt may
 * run, heartbeating; only then does the attempt fail. Outside an activity (tests of the ledger) it
 * is tried once.
 */
async function untilRecorded(
  accepted: AcceptedDetails['acceptedDelivery'],
  write: () => Promise<unknown>,
): Promise<void> {
  let ctx: Context | undefined;
  try {
    ctx = Context.current();
  } catch {
    ctx = undefined;
  }
  if (!ctx) {
    await write();
    return;
  }
  const details: AcceptedDetails = { acceptedDelivery: accepted };
  ctx.heartbeat(details);
  const { startToCloseTimeoutMs, currentAttemptScheduledTimestampMs } = ctx.info;
  const deadline = currentAttemptScheduledTimestampMs + startToCloseTimeoutMs - 5_000;
  for (let delay = 250; ; delay = Math.min(delay * 2, 5_000)) {
    try {
      await write();
      return;
    } catch (err) {
      if (Date.now() + delay > deadline) throw err;
      log.warn('recording an accepted message failed; trying again', { error: (err as Error).name });
      ctx.heartbeat(details);
      await ctx.sleep(delay);
    }
  }
}
