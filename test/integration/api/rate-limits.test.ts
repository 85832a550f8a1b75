import { people, startApiHarness, type ApiHarness } from './support/api-harness';

describe('rate limits on writes, per user and per address', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness({ VT_RATE_LIMIT_WRITES_PER_USER: '2', VT_RATE_LIMIT_WRITES_PER_IP: '4' });
  });
  afterAll(async () => {
    await api?.stop();
  });

  test('a user over the limit gets 429 with Retry-After; reads are not limited; the address limit catches the rest', async () => {
    const write = (as: (typeof people)[keyof typeof people]) => api.call('POST', '/v1/advice', { as, body: {} });
    expect((await write(people.aliceNorth)).status).toBe(400);
    expect((await write(people.aliceNorth)).status).toBe(400);
    const limited = await write(people.aliceNorth);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeTruthy();
    expect(limited.body.detail).toContain('by this user');
    expect((await api.call('GET', '/v1/tasks', { as: people.aliceNorth })).status).toBe(200);
    expect((await write(people.bobNorth)).status).toBe(400);
    const byAddress = await write(people.bobNorth);
    expect(byAddress.status).toBe(429);
    expect(byAddress.body.detail).toContain('from this address');
  });
});
