import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import express from 'express';
import type mongoose from 'mongoose';
import { SMTPServer } from 'smtp-server';
import type { ContactPoint, LoadMessageValues } from '../../../src/notify/ports';
import { amsterdamDateOf, amsterdamWallTimeToEpochMillis } from '../../../src/domain/calendar/amsterdam-time';
import { addDays } from '../../../src/domain/calendar/local-date';
import { TEMPLATE_SPECS, type Channel, type DeliveryReceipt, type SendWindow } from '../../../src/domain/notify';
import { createReceiptRouter } from '../../../src/notify/receipt-routes';

export interface SinkMessage {
  messageId: string;
  to: string[];
  raw: string;
  /** The raw message with quoted-printable soft breaks and escapes decoded (UTF-8). */
  decoded: string;
}

function decodeQuotedPrintable(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A real SMTP server on loopback (smtp-server): collects messages, can refuse recipients (550) or fail (451). */
export async function startSmtpSink(): Promise<{
  url: string;
  messages: SinkMessage[];
  nextMessage(): Promise<SinkMessage>;
  rejectRecipient(address: string): void;
  failNext(n: number): void;
  close(): Promise<void>;
}> {
  const messages: SinkMessage[] = [];
  const waiters: ((m: SinkMessage) => void)[] = [];
  const rejected = new Set<string>();
  let failures = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (rejected.has(address.address))
        return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failures > 0) {
          failures--;
          return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1] ?? '';
        const message = {
          messageId,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          decoded: decodeQuotedPrintable(raw),
        };
        messages.push(message);
        callback();
        waiters.splice(0).forEach((w) => w(message));
      });
    },
  });
  // A sender killed mid-message resets its connection; the sink must not crash the test for it.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    nextMessage: () => new Promise<SinkMessage>((resolve) => waiters.push(resolve)),
    rejectRecipient: (address) => rejected.add(address),
    failNext: (n) => {
      failures = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The receipt webhook, mounted as the API would, on a free loopback port. */
export async function startReceiptEndpoint(deps: {
  connection: mongoose.Connection;
  temporal: Client;
  secret: string;
}): Promise<{ url: string; received: { receipt: DeliveryReceipt; noticeId: string }[]; close(): Promise<void> }> {
  const received: { receipt: DeliveryReceipt; noticeId: string }[] = [];
  const app = express();
  app.use(createReceiptRouter({ ...deps, onReceipt: (receipt, noticeId) => received.push({ receipt, noticeId }) }));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/notification-receipts`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Contact points per household, as the API's household model will hold them. */
export function contactBook(): {
  set(householdId: string, points: ContactPoint[]): void;
  load(householdId: string): Promise<ContactPoint[]>;
} {
  const book = new Map<string, ContactPoint[]>();
  return {
    set: (householdId, points) => book.set(householdId, points),
    load: async (householdId) => book.get(householdId) ?? [],
  };
}

/** Placeholder values as the case store would give them. */
/**
 * A send window open all day (the same as VT_NOTIFY_QUIET_START=24:00, END=00:00): for tests on
 * the real clock, which must not hold an SMS until 08:00 because CI happened to run at night.
 */
export const ALWAYS_OPEN_SEND_WINDOW: SendWindow = Object.freeze({
  startMinute: 0,
  endMinute: 24 * 60,
  channels: Object.freeze(['sms'] as Channel[]),
});

export const messageValues: LoadMessageValues = async ({ templateId, reportId }) => ({
  language: 'nl',
  values: Object.fromEntries(
    TEMPLATE_SPECS[templateId].placeholders.map((p) => [
      p,
      p === 'reportReference'
        ? `VT-${reportId.slice(-6)}`
        : p === 'vtPhone'
          ? '0800-2000'
          : p === 'agreements'
            ? 'De school houdt zicht op de veiligheid.'
            : `(${p})`,
    ]),
  ),
});

/**
 * Moves the test server's clock to the next `hh:mm` Amsterdam time and returns that instant. A test
 * that depends on the time of day (SMS are held from 21:00 to 08:00) sets it: the clock is wherever
 * the previous result() left it. While result() waits, time is skipped whenever nothing holds the
 * server's clock; after the workflow completes, until the client locks time again, the server
 * jumps through every timer left behind (activity timeouts, send-window deadlines, years ahead),
 * and where it stops depends on how fast the lock call arrives. A test that then waits in real time
 * (time locked) for a message the workflow holds until 08:00 waited hours: the CI timeout.
 */
export async function skipToAmsterdamTime(env: TestWorkflowEnvironment, hhmm: string): Promise<number> {
  const [hours, minutes] = hhmm.split(':').map(Number);
  const wallTime = (hours * 60 + minutes) * 60_000;
  const now = await env.currentTimeMs();
  let at = amsterdamWallTimeToEpochMillis(amsterdamDateOf(now), wallTime);
  if (at <= now) at = amsterdamWallTimeToEpochMillis(addDays(amsterdamDateOf(now), 1), wallTime);
  await env.sleep(at - now);
  return at;
}
