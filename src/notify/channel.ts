import { createHash } from 'node:crypto';
import type { Channel } from '../domain/notify';

/** One message to one address. `reference` is opaque: a hash, never a name, number or case detail. */
export interface OutgoingMessage {
  reference: string;
  to: string;
  /** Email only. */
  subject?: string;
  text: string;
}

export interface SendResult {
  providerMessageId: string;
  /** The provider had already accepted this reference: nothing new was sent. */
  duplicate: boolean;
  /** Set when the channel knows the outcome at once (the development channel). */
  receipt?: 'delivered';
}

/** A provider refused or failed. permanent: this message will never go through this channel. */
export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    message: string,
    readonly permanent: boolean,
    /** Hint from the provider (HTTP Retry-After), in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Email over SMTP, SMS over a provider's API, or the development channel: one interface. */
export interface NotificationChannel {
  readonly channel: Channel;
  /** Name of the provider, for ceilings, rate limits and the delivery record ('smtp', 'cm', 'dev-sms', …). */
  readonly provider: string;
  send(message: OutgoingMessage): Promise<SendResult>;
  close?(): Promise<void>;
}

/**
 * The provider reference of one delivery (notice × contact point): deterministic, so a retry
 * after a crash reuses it and the provider can recognise it, and opaque, so the provider learns
 * nothing from it (a notice id names the report and the kind of decision). 32 characters.
 */
export function opaqueReference(deliveryId: string): string {
  return `vt${createHash('sha256').update(deliveryId).digest('hex').slice(0, 30)}`;
}
