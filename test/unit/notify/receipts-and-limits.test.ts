import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import express from 'express';
import mongoose from 'mongoose';
import { opaqueReference } from '../../../src/notify/channel';
import { RateLimiter } from '../../../src/notify/rate-limit';
import { createReceiptRouter } from '../../../src/notify/receipt-routes';
import { sendWindowFromConfig } from '../../../src/notify/send-window';
import { StartupError } from '../../../src/services/startup-error';

describe('receipt webhook authentication', () => {
  let server: http.Server;
  let url: string;
  const connection = mongoose.createConnection(); // never connected: refused requests must not reach the store

  beforeAll(async () => {
    const app = express();
    app.use(createReceiptRouter({ connection, temporal: {} as Client, secret: 'a-long-shared-secret-0123' }));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/notification-receipts`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const body = JSON.stringify({ reference: opaqueReference('n1@cp1'), status: 'delivered' });
  it.each([
    ['no credentials', {}],
    ['a wrong signature', { 'x-vt-signature': 'sha256=00' }],
    ['a wrong token', { 'x-vt-receipt-token': 'guess' }],
  ])('refuses %s with 401', async (_name, headers) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ type: 'about:blank', status: 401, title: 'Unauthorized' });
  });

  it('refuses a body that is not a receipt with 400, after authentication', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'x-vt-receipt-token': 'a-long-shared-secret-0123' },
      body: JSON.stringify({ reference: 'Jansen, 0612345678', status: 'delivered' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = await response.json();
    expect(problem).toMatchObject({ type: 'about:blank', status: 400, title: 'Bad Request' });
    expect(JSON.stringify(problem)).not.toContain('Jansen');
  });

  // The connection is never opened: mongoose gives up after its 10 s buffer, as during an outage.
  it('answers 503 with Retry-After when the receipt cannot be recorded, so the provider sends it again', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'x-vt-receipt-token': 'a-long-shared-secret-0123' },
      body,
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toMatchObject({ type: 'about:blank', status: 503 });
  }, 30_000);
});

describe('provider references', () => {
  it('are deterministic per delivery and reveal nothing', () => {
    const id = 'report-123:notice:decision-investigation:1@cp-9';
    expect(opaqueReference(id)).toBe(opaqueReference(id));
    expect(opaqueReference(id)).toMatch(/^vt[0-9a-f]{30}$/);
    expect(opaqueReference(id)).not.toBe(opaqueReference('report-123:notice:decision-investigation:1@cp-8'));
  });
});

describe('quiet hours from the configuration', () => {
  it('reads quiet 21:00–08:00 as a send window 08:00–21:00 for SMS', () => {
    expect(sendWindowFromConfig({ quietStart: '21:00', quietEnd: '08:00' })).toEqual({
      startMinute: 480,
      endMinute: 1260,
      channels: ['sms'],
    });
  });
  it('stops the start on a window that cannot be used', () => {
    expect(() => sendWindowFromConfig({ quietStart: '07:00', quietEnd: '08:00' })).toThrow(StartupError);
    expect(() => sendWindowFromConfig({ quietStart: '25:00', quietEnd: '08:00' })).toThrow(/VT_NOTIFY_QUIET_START/);
  });
});

describe('rate limit per provider', () => {
  it('lets a burst through and then spaces sends at the configured rate', async () => {
    const limiter = new RateLimiter(20, 2);
    const started = Date.now();
    await Promise.all([limiter.take(), limiter.take()]);
    expect(Date.now() - started).toBeLessThan(40);
    await Promise.all([limiter.take(), limiter.take(), limiter.take()]);
    // Three more tokens at 20 per second take at least ~150 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});
