import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the SMS provider (CM.com's JSON messaging API shape), for development and
 * tests. `POST /v1.0/message` with `{ messages: { authentication: { productToken }, msg: [{ from,
 * to: [{ number }], body: { content }, reference }] } }`. Like a real provider it
 * - accepts a message once per `reference`: a second request with the same reference answers 200
 *   with the first message id and `duplicate: true`, and sends nothing;
 * - can fail transiently (503 for the next n requests) or refuse a number permanently (400);
 * - posts delivery receipts to `receiptUrl`, signed with HMAC-SHA256 of the body
 *   (`x-vt-signature: sha256=<hex>`), `{ receipts: [{ reference, status, permanent, providerMessageId }] }`.
 */
export interface StubMessage {
  messageId: string;
  reference: string;
  from: string;
  to: string;
  text: string;
  acceptedAt: Date;
}

export interface SmsProviderStubOptions {
  apiKey: string;
  receiptUrl?: string;
  receiptSecret?: string;
  /** Called after a message is accepted and stored, before the answer goes out. */
  onAccepted?: (message: StubMessage) => void | Promise<void>;
  /**
   * Post the receipt before answering the send request (a receipt that overtakes the answer, as
   * it can in real life). Tests on the time-skipping server use it so the receipt is certainly in
   * before the server may skip time.
   */
  receiptsBeforeResponse?: boolean;
}

export interface SmsProviderStub {
  url: string;
  /** Every message accepted, once per reference. */
  messages: StubMessage[];
  /** Every request to the message endpoint, including refused and duplicate ones. */
  requests: number;
  /** The next `count` requests answer 503 (a provider outage). */
  failNext(count: number): void;
  /** Messages to this number are refused at once with 400 (permanent). */
  rejectNumber(number: string): void;
  /** Messages to this number are accepted but their receipt says failed (permanent). */
  failDeliveryTo(number: string): void;
  /** Hold receipts of this number back (a receipt that never comes). */
  withholdReceiptsFor(number: string): void;
  setReceiptUrl(url: string): void;
  onAccepted(hook: SmsProviderStubOptions['onAccepted']): void;
  /** Queue receipts instead of posting them, until releaseReceipts(). */
  holdReceipts(): void;
  releaseReceipts(): Promise<void>;
  /** Resolves on the next request that repeats an accepted reference (answered as a duplicate). */
  nextDuplicate(): Promise<StubMessage>;
  /** Receipts posted so far (resolved once the webhook answered). */
  receiptsPosted: { reference: string; status: string; httpStatus: number }[];
  close(): Promise<void>;
}

export async function startSmsProviderStub(port = 0, options: SmsProviderStubOptions): Promise<SmsProviderStub> {
  const byReference = new Map<string, StubMessage>();
  const messages: StubMessage[] = [];
  const rejected = new Set<string>();
  const failing = new Set<string>();
  const withheld = new Set<string>();
  const receiptsPosted: SmsProviderStub['receiptsPosted'] = [];
  let failuresLeft = 0;
  let requests = 0;
  let receiptUrl = options.receiptUrl;
  let hook = options.onAccepted;
  let holding = false;
  const held: StubMessage[] = [];
  const duplicateWaiters: ((m: StubMessage) => void)[] = [];

  const postReceipt = async (message: StubMessage) => {
    if (holding) {
      held.push(message);
      return;
    }
    if (!receiptUrl || withheld.has(message.to)) return;
    const status = failing.has(message.to) ? 'failed' : 'delivered';
    const body = JSON.stringify({
      receipts: [
        { reference: message.reference, status, permanent: status === 'failed', providerMessageId: message.messageId },
      ],
    });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.receiptSecret)
      headers['x-vt-signature'] = `sha256=${createHmac('sha256', options.receiptSecret).update(body).digest('hex')}`;
    // Like a provider, retry a webhook that is not there yet (a few times, quickly).
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        const response = await fetch(receiptUrl, { method: 'POST', headers, body });
        receiptsPosted.push({ reference: message.reference, status, httpStatus: response.status });
        if (response.status < 500) return;
      } catch {
        // webhook down: try again
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  const answer = (res: http.ServerResponse, status: number, payload: unknown) => {
    if (!res.writableEnded && !res.destroyed)
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
  };

  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1.0/message') {
      answer(res, 404, { details: 'not found' });
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        requests++;
        if (failuresLeft > 0) {
          failuresLeft--;
          answer(res, 503, { details: 'temporarily unavailable', errorCode: 999 });
          return;
        }
        let parsed: {
          messages?: {
            authentication?: { productToken?: string };
            msg?: { from?: string; to?: { number?: string }[]; body?: { content?: string }; reference?: string }[];
          };
        };
        try {
          parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          answer(res, 400, { details: 'invalid JSON', errorCode: 201 });
          return;
        }
        if (parsed.messages?.authentication?.productToken !== options.apiKey) {
          answer(res, 401, { details: 'invalid product token', errorCode: 101 });
          return;
        }
        const msg = parsed.messages?.msg?.[0];
        const to = msg?.to?.[0]?.number;
        if (!msg || !to || !msg.body?.content || !msg.reference) {
          answer(res, 400, { details: 'from, to, body and reference are required', errorCode: 201 });
          return;
        }
        const earlier = byReference.get(msg.reference);
        if (earlier) {
          answer(res, 200, {
            details: 'Duplicate reference, not sent again',
            errorCode: 0,
            duplicate: true,
            messages: [{ to, status: 'Accepted', reference: msg.reference, messageId: earlier.messageId }],
          });
          duplicateWaiters.splice(0).forEach((w) => w(earlier));
          return;
        }
        if (rejected.has(to)) {
          answer(res, 400, {
            details: 'Created 0 message(s)',
            errorCode: 201,
            messages: [{ to, status: 'Rejected', reference: msg.reference, messageErrorCode: 303 }],
          });
          return;
        }
        const message: StubMessage = {
          messageId: randomUUID(),
          reference: msg.reference,
          from: msg.from ?? '',
          to,
          text: msg.body.content,
          acceptedAt: new Date(),
        };
        byReference.set(message.reference, message);
        messages.push(message);
        if (hook) await hook(message);
        if (options.receiptsBeforeResponse) await postReceipt(message);
        answer(res, 200, {
          details: 'Created 1 message(s)',
          errorCode: 0,
          messages: [{ to, status: 'Accepted', reference: message.reference, messageId: message.messageId, parts: 1 }],
        });
        if (!options.receiptsBeforeResponse) setImmediate(() => void postReceipt(message));
      })();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    messages,
    get requests() {
      return requests;
    },
    failNext: (count) => {
      failuresLeft = count;
    },
    rejectNumber: (number) => rejected.add(number),
    failDeliveryTo: (number) => failing.add(number),
    withholdReceiptsFor: (number) => withheld.add(number),
    setReceiptUrl: (url) => {
      receiptUrl = url;
    },
    onAccepted: (h) => {
      hook = h;
    },
    holdReceipts: () => {
      holding = true;
    },
    releaseReceipts: async () => {
      holding = false;
      for (const message of held.splice(0)) await postReceipt(message);
    },
    nextDuplicate: () => new Promise<StubMessage>((resolve) => duplicateWaiters.push(resolve)),
    receiptsPosted,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
