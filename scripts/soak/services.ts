import fs from 'node:fs';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import {
  startChildProtectionBoardStub,
  type ChildProtectionBoardStub,
} from '../../src/services/child-protection-board-stub';
import { startMongoWireServer, type MongoWireServer } from '../../src/services/mongo-wire-server';
import { findFreePort } from '../../src/services/ports';
import { startSmsProviderStub, type SmsProviderStub } from '../../src/services/sms-provider-stub';
import { startTemporalDevServer, type TemporalDevServer } from '../../src/services/temporal-dev-server';

export const SOAK_NAMESPACE = 'veilig-thuis-soak';

/** A message the SMTP sink received: who, and the Message-ID the sender derived from its delivery. */
export interface SunkMail {
  to: string[];
  messageId: string;
  body: string;
}

/**
 * The servers a soak runs against, on loopback ports in its own folder, each of which the fault
 * schedule can stop and start again on the same port and data: the Temporal dev server (SQLite
 * file, so a restart keeps every workflow) and the MongoDB-wire server; beside them an SMTP sink,
 * the SMS-provider stub and the Child Protection Board stub, which stay up.
 */
export class SoakServices {
  temporal?: TemporalDevServer;
  mongo?: MongoWireServer;
  readonly mails: SunkMail[] = [];
  sms!: SmsProviderStub;
  board!: ChildProtectionBoardStub;
  smtpUrl!: string;
  private smtp?: SMTPServer;

  private constructor(
    readonly dir: string,
    readonly temporalPort: number,
    readonly mongoPort: number,
  ) {}

  static async start(dir: string): Promise<SoakServices> {
    fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
    const services = new SoakServices(dir, await findFreePort(), await findFreePort());
    await Promise.all([services.startMongo(), services.startTemporal()]);
    services.board = await startChildProtectionBoardStub();
    await services.startSmtp();
    return services;
  }

  get temporalAddress(): string {
    return `127.0.0.1:${this.temporalPort}`;
  }
  get mongoUri(): string {
    return `mongodb://127.0.0.1:${this.mongoPort}`;
  }

  async startTemporal(): Promise<void> {
    this.temporal = await startTemporalDevServer({
      host: '127.0.0.1',
      port: this.temporalPort,
      dbFile: path.join(this.dir, 'temporal', 'temporal.sqlite'),
      namespace: SOAK_NAMESPACE,
      logDir: path.join(this.dir, 'logs'),
      startTimeoutMs: 180_000,
    });
  }
  async stopTemporal(): Promise<void> {
    await this.temporal?.process.stop();
    this.temporal = undefined;
  }

  async startMongo(): Promise<void> {
    this.mongo = await startMongoWireServer({
      host: '127.0.0.1',
      port: this.mongoPort,
      dataDir: this.dir,
      logDir: path.join(this.dir, 'logs'),
      startTimeoutMs: 120_000,
    });
  }
  async stopMongo(): Promise<void> {
    await this.mongo?.process.stop();
    this.mongo = undefined;
  }

  /** The SMS stub posts its receipts to the API, which starts after the stub: set the URL then. */
  async startSms(receiptUrl: string, apiKey: string, receiptSecret: string): Promise<void> {
    this.sms = await startSmsProviderStub(0, { apiKey, receiptUrl, receiptSecret });
  }

  private async startSmtp(): Promise<void> {
    const mails = this.mails;
    this.smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const messageId = /^Message-ID:\s*(\S+)/im.exec(raw)?.[1] ?? '';
          const body = raw
            .split(/\r?\n\r?\n/)
            .slice(1)
            .join('\n\n');
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), messageId, body });
          callback();
        });
      },
    });
    // A client that drops its connection (a worker SIGKILLed mid-send) is the point of the soak,
    // not a reason for the sink to crash the run: connection errors are expected here.
    this.smtp.on('error', () => undefined);
    const port = await findFreePort();
    await new Promise<void>((resolve) => this.smtp!.listen(port, '127.0.0.1', () => resolve()));
    this.smtpUrl = `smtp://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    await Promise.allSettled([
      this.sms?.close(),
      this.board?.close(),
      new Promise<void>((resolve) => (this.smtp ? this.smtp.close(() => resolve()) : resolve())),
      this.stopTemporal(),
      this.stopMongo(),
    ]);
  }
}
