import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import express, { type RequestHandler } from 'express';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure, type DataConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import type mongoose from 'mongoose';
import { createSmokeActivities, type SmokeActivities } from '../../../activities/smoke-activities';
import { codecRoutes } from '../../../src/security/codec-routes';
import { ENCRYPTED_ENCODING, KEY_ID_KEY, type EncryptionCodec } from '../../../src/security/payload-codec';
import { payloadsFromJson, payloadsToJson } from '../../../src/security/remote-payloads';
import type { smokeWorkflow } from '../../../workflows';
import { testDataConverter, testKey, testKeyRing } from '../../support/codec';
import { openTestStore, testTemporal } from '../../support/services';

/** Stands for a household's name, street and phone number: none of it may reach the server readable. */
const MARKER = 'Jansen-Keizersgracht-0612345678';
const text = new TextDecoder();

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

describe('payloads on the real Temporal server are encrypted', () => {
  const { address, namespace } = testTemporal();
  const k1 = testKey('2026-11');
  const k2 = testKey('2027-01');
  const beforeRotation = testDataConverter(testKeyRing([k1], '2026-11'));
  const afterRotation = testDataConverter(testKeyRing([k1, k2], '2027-01'));

  let store: { connection: mongoose.Connection; drop(): Promise<void> };
  /** A connection with no codec: it sees what the server, its database and its backups hold. */
  let raw: Connection;
  const cases: Record<'before' | 'after', { workflowId: string; runId: string } | undefined> = {
    before: undefined,
    after: undefined,
  };

  beforeAll(async () => {
    store = await openTestStore('security');
    raw = await Connection.connect({ address });
  });
  afterAll(async () => {
    await raw?.close();
    await store?.drop();
  });

  /** Runs one smokeWorkflow on a worker and client that share `dataConverter`, and returns the outcome. */
  async function runCase(
    dataConverter: DataConverter,
    runId: string,
    activities: SmokeActivities = createSmokeActivities(store.connection),
  ): Promise<{ workflowId: string; result?: Awaited<ReturnType<typeof smokeWorkflow>>; error?: Error }> {
    const taskQueue = `security-${randomUUID()}`;
    const workflowId = `security-${randomUUID()}`;
    const nativeConnection = await NativeConnection.connect({ address });
    try {
      const worker = await Worker.create({
        connection: nativeConnection,
        namespace,
        taskQueue,
        workflowsPath: require.resolve('../../../workflows'),
        activities,
        dataConverter,
      });
      const client = new Client({ connection: raw, namespace, dataConverter });
      const outcome = await worker.runUntil(
        client.workflow
          .execute<typeof smokeWorkflow>('smokeWorkflow', {
            workflowId,
            taskQueue,
            args: [{ runId }],
            workflowExecutionTimeout: '1 minute',
          })
          .then(
            (result) => ({ result }),
            (error: Error) => ({ error }),
          ),
      );
      return { workflowId, ...outcome };
    } finally {
      await nativeConnection.close();
    }
  }

  async function rawHistory(workflowId: string): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    let nextPageToken: Uint8Array | undefined;
    do {
      const page = await raw.workflowService.getWorkflowExecutionHistory({
        namespace,
        execution: { workflowId },
        nextPageToken,
      });
      events.push(...(page.history?.events ?? []));
      nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
    } while (nextPageToken);
    return events;
  }

  /** Every Payload anywhere in the events: inputs, results, failures' encoded attributes, headers. */
  function payloadsIn(value: unknown, found: Payload[] = []): Payload[] {
    if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return found;
    const candidate = value as { metadata?: unknown; data?: unknown };
    if (candidate.data instanceof Uint8Array && candidate.metadata && typeof candidate.metadata === 'object') {
      found.push(candidate as Payload);
      return found;
    }
    for (const child of Object.values(value)) payloadsIn(child, found);
    return found;
  }

  /** The history exactly as the server stores and serves it, every field serialised. */
  function historyBytes(events: HistoryEvent[]): Buffer {
    return Buffer.from(temporal.api.history.v1.History.encode({ events }).finish());
  }

  function expectNoTrace(events: HistoryEvent[]) {
    const bytes = historyBytes(events);
    for (const piece of [MARKER, 'Jansen', 'Keizersgracht', '0612345678']) expect(bytes.includes(piece)).toBe(false);
    const payloads = payloadsIn(events);
    expect(payloads.length).toBeGreaterThan(0);
    for (const payload of payloads) expect(text.decode(payload.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    return payloads;
  }

  async function decodedText(codec: EncryptionCodec, payloads: Payload[]): Promise<string> {
    const decoded = await codec.decode(payloads);
    return decoded.map((p) => Buffer.from(p.data ?? []).toString('utf8')).join('\n');
  }

  test('a finished case leaves no personal data in the raw history, and the same history decodes with the codec', async () => {
    const runId = `case-${MARKER}-${randomUUID()}`;
    const { workflowId, result } = await runCase(beforeRotation.dataConverter, runId);
    expect(result).toEqual({ runId, recorded: true });
    cases.before = { workflowId, runId };

    const events = await rawHistory(workflowId);
    const payloads = expectNoTrace(events);
    for (const payload of payloads) expect(text.decode(payload.metadata![KEY_ID_KEY])).toBe('2026-11');
    expect(await decodedText(beforeRotation.codec, payloads)).toContain(runId);
  });

  test('failure messages are encrypted too: the server keeps only "Encoded failure"', async () => {
    const runId = `case-${MARKER}-${randomUUID()}`;
    const failing: SmokeActivities = {
      async recordSmokeRun(id: string) {
        throw ApplicationFailure.nonRetryable(`could not record ${id}`, 'RecordFailed');
      },
    };
    const { workflowId, error } = await runCase(beforeRotation.dataConverter, runId, failing);

    // The client with the codec reads the real message back, through the workflow's own failure.
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const activityFailure = (error as WorkflowFailedError).cause;
    expect(activityFailure).toBeInstanceOf(ActivityFailure);
    expect((activityFailure as ActivityFailure).cause?.message).toBe(`could not record ${runId}`);

    const events = await rawHistory(workflowId);
    const payloads = expectNoTrace(events);
    const failures = events
      .flatMap((e) => [e.activityTaskFailedEventAttributes?.failure, e.workflowExecutionFailedEventAttributes?.failure])
      .filter(Boolean);
    expect(failures.length).toBe(2);
    for (const failure of failures) {
      expect(failure!.message).toBe('Encoded failure');
      expect(failure!.encodedAttributes).toBeTruthy();
    }
    expect(await decodedText(beforeRotation.codec, payloads)).toContain(`could not record ${runId}`);
  });

  test('after a key rotation, a case started before and a case started after both decode', async () => {
    expect(cases.before).toBeDefined();
    const runId = `case-${MARKER}-${randomUUID()}`;
    const { workflowId, result } = await runCase(afterRotation.dataConverter, runId);
    expect(result).toEqual({ runId, recorded: true });
    cases.after = { workflowId, runId };

    const oldPayloads = expectNoTrace(await rawHistory(cases.before!.workflowId));
    const newPayloads = expectNoTrace(await rawHistory(workflowId));
    expect(new Set(oldPayloads.map((p) => text.decode(p.metadata![KEY_ID_KEY])))).toEqual(new Set(['2026-11']));
    expect(new Set(newPayloads.map((p) => text.decode(p.metadata![KEY_ID_KEY])))).toEqual(new Set(['2027-01']));
    expect(await decodedText(afterRotation.codec, oldPayloads)).toContain(cases.before!.runId);
    expect(await decodedText(afterRotation.codec, newPayloads)).toContain(runId);

    // And through the SDK: a client on the rotated ring reads the old case's result.
    const client = new Client({ connection: raw, namespace, dataConverter: afterRotation.dataConverter });
    await expect(client.workflow.getHandle(cases.before!.workflowId).result()).resolves.toEqual({
      runId: cases.before!.runId,
      recorded: true,
    });
    // A process that never had the new key cannot read the new case, and says which key it lacks.
    await expect(beforeRotation.codec.decode(newPayloads)).rejects.toThrow(/"2027-01".*not in the codec key ring/);
  });

  describe('the codec endpoint over HTTP', () => {
    const TOKEN = `token-${randomUUID()}`;
    let server: http.Server;
    let url: string;
    // Stands in for src/auth's bearer middleware; the route only relies on "401 unless authenticated".
    const authenticate: RequestHandler = (req, res, next) => {
      if (req.headers.authorization === `Bearer ${TOKEN}`) next();
      else res.status(401).json({ error: 'unauthenticated' });
    };

    beforeAll(async () => {
      const app = express();
      app.use(codecRoutes({ codec: afterRotation.codec, authenticate, allowedOrigins: ['http://127.0.0.1:8233'] }));
      server = await new Promise<http.Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/codec/decode`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const decode = (payloads: Payload[], headers: Record<string, string>) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-namespace': namespace, ...headers },
        body: JSON.stringify({ payloads: payloadsToJson(payloads) }),
      });

    test('unauthenticated: 401 and no content; authenticated: the history of both cases decoded', async () => {
      expect(cases.before && cases.after).toBeTruthy();
      const payloads = [
        ...payloadsIn(await rawHistory(cases.before!.workflowId)),
        ...payloadsIn(await rawHistory(cases.after!.workflowId)),
      ];

      const refused = await decode(payloads, {});
      expect(refused.status).toBe(401);
      expect(await refused.text()).not.toContain(MARKER);

      const res = await decode(payloads, { authorization: `Bearer ${TOKEN}` });
      expect(res.status).toBe(200);
      const decoded = payloadsFromJson(await res.json());
      expect(decoded).toHaveLength(payloads.length);
      const all = decoded.map((p) => Buffer.from(p.data ?? []).toString('utf8')).join('\n');
      expect(all).toContain(cases.before!.runId);
      expect(all).toContain(cases.after!.runId);
      for (const p of decoded) expect(text.decode(p.metadata!.encoding)).not.toBe(ENCRYPTED_ENCODING);
    });
  });
});
