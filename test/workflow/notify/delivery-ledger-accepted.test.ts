import { MockActivityEnvironment } from '@temporalio/testing';
import type mongoose from 'mongoose';
import type { NotificationChannel, OutgoingMessage } from '../../../src/notify/channel';
import { createDeliveryLedger } from '../../../src/notify/delivery-ledger';
import { deliveryModel } from '../../../src/notify/delivery-model';
import { openTestStore } from '../../support/services';

jest.setTimeout(60_000);

let store: { connection: mongoose.Connection; drop(): Promise<void> };
beforeAll(async () => {
  store = await openTestStore('ledger-accepted');
});
afterAll(async () => {
  await store?.drop();
});

/**
 * A store outage right after the provider accepted a message: the attempt heartbeats the
 * acceptance, and the next attempt (which Temporal hands those details) records it without
 * sending a second copy — SMTP has no idempotency key, so a second send is a duplicate e-mail.
 */
describe('delivery ledger: an acceptance the store could not record', () => {
  it('heartbeats the acceptance, and a retried attempt given it records without sending again', async () => {
    const sent: OutgoingMessage[] = [];
    const email: NotificationChannel = {
      channel: 'email',
      provider: 'smtp-test',
      async send(m) {
        sent.push(m);
        return { providerMessageId: `<${m.reference}@test>`, duplicate: false };
      },
    };
    const ledger = createDeliveryLedger({
      connection: store.connection,
      channels: { email, sms: email },
      dailyCeiling: { email: 0, sms: 0 },
      ratePerSecond: { email: 100, sms: 100 },
    });
    const delivery = {
      deliveryId: 'd-1',
      noticeId: 'n-1',
      contactPointId: 'staff:emp-1',
      channel: 'email' as const,
      to: 'emp-1@example.org',
      message: { subject: 'Onderwerp', text: 'Tekst' },
    };

    // Attempt 1: the provider accepts; the attempt's heartbeat carries that before any recording.
    const first = new MockActivityEnvironment({ attempt: 1, startToCloseTimeoutMs: 60_000 });
    const beats: unknown[] = [];
    first.on('heartbeat', (d: unknown) => beats.push(d));
    await first.run(ledger.deliverOnce, delivery);
    expect(sent).toHaveLength(1);
    expect(beats[0]).toEqual({
      acceptedDelivery: {
        deliveryId: 'd-1',
        result: { providerMessageId: `<${sent[0].reference}@test>`, duplicate: false },
      },
    });

    // As if the store had lost that recording: the delivery is back at 'intent'.
    await deliveryModel(store.connection).updateOne({ _id: 'd-1' }, { $set: { status: 'intent' } });

    // Attempt 2 with attempt 1's details: recorded as accepted, nothing sent.
    const second = new MockActivityEnvironment({
      attempt: 2,
      startToCloseTimeoutMs: 60_000,
      heartbeatDetails: beats[0],
    });
    const result = (await second.run(ledger.deliverOnce, delivery)) as { status: string };
    expect(result.status).toBe('accepted');
    expect(sent).toHaveLength(1);
    expect((await deliveryModel(store.connection).findById('d-1').lean())?.status).toBe('accepted');

    // Details of another delivery do not stop this one from being sent.
    const other = new MockActivityEnvironment({
      attempt: 2,
      startToCloseTimeoutMs: 60_000,
      heartbeatDetails: beats[0],
    });
    await other.run(ledger.deliverOnce, { ...delivery, deliveryId: 'd-2', noticeId: 'n-2' });
    expect(sent).toHaveLength(2);
  });
});
