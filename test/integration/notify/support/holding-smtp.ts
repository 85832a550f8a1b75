import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface AcceptedMail {
  to: string[];
  messageId: string;
}

/**
 * A real SMTP server on loopback that can hold its answer to DATA: while holding, a message has
 * been transmitted but not accepted (no 250 yet). A client that dies meanwhile has sent nothing
 * — dropHeld() forgets those transactions as a server does when the connection is gone — and
 * only messages answered 250 count as accepted.
 */
export async function startHoldingSmtp() {
  const accepted: AcceptedMail[] = [];
  let holding = false;
  let held: { mail: AcceptedMail; answer: () => void }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const mail = {
          to: session.envelope.rcptTo.map((r) => r.address),
          messageId: /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1] ?? '',
        };
        const answer = () => {
          accepted.push(mail);
          callback();
        };
        if (holding) held.push({ mail, answer });
        else answer();
      });
    },
  });
  // A sender killed mid-message resets its connection; the sink must not crash the test for it.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    heldCount: () => held.length,
    hold() {
      holding = true;
    },
    dropHeld() {
      held = [];
    },
    release() {
      holding = false;
      for (const h of held.splice(0)) h.answer();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
