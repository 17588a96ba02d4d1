import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { registerNumber } from '../../../test/support/phone-numbers.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

const missingId = 'phn_01jd8x2k3m4n5p6q7r8s9t0v1w';
const register = (body: Record<string, unknown> = {}, key?: string) => registerNumber(h, body, key);

describe('GET /v1/phone-numbers', () => {
  it('200 pages newest first with total', async () => {
    const ws = await h.newWorkspace();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await register({}, ws.key)).id);
    const r = await h.json('GET', '/v1/phone-numbers?limit=2', { key: ws.key });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect(r.body.items.map((n: { id: string }) => n.id)).toEqual([ids[2], ids[1]]);
    const r2 = await h.json('GET', '/v1/phone-numbers?limit=2&offset=2', { key: ws.key });
    expect(r2.body.items.map((n: { id: string }) => n.id)).toEqual([ids[0]]);
  });
  it('200 with the default limit 20', async () => {
    expect((await h.json('GET', '/v1/phone-numbers')).body.limit).toBe(20);
  });
  for (const q of ['limit=0', 'limit=101', 'offset=-1']) {
    it(`422 for ${q}`, async () => {
      expect((await h.json('GET', `/v1/phone-numbers?${q}`)).status).toBe(422);
    });
  }
});

describe('GET /v1/phone-numbers/{phone_id}', () => {
  it('200 returns the number', async () => {
    const n = await register();
    const r = await h.json('GET', `/v1/phone-numbers/${n.id}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(n);
  });
  it('404 PHONE_NUMBER_NOT_FOUND for an unknown or malformed id', async () => {
    for (const id of [missingId, 'nope', 'agt_01jd8x2k3m4n5p6q7r8s9t0v1w']) {
      const r = await h.json('GET', `/v1/phone-numbers/${id}`);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('PHONE_NUMBER_NOT_FOUND');
    }
  });
});

describe('DELETE /v1/phone-numbers/{phone_id}', () => {
  it('204 deletes, then 404', async () => {
    const n = await register();
    expect((await h.request('DELETE', `/v1/phone-numbers/${n.id}`)).status).toBe(204);
    expect((await h.json('GET', `/v1/phone-numbers/${n.id}`)).status).toBe(404);
    expect((await h.json('DELETE', `/v1/phone-numbers/${n.id}`)).status).toBe(404);
  });
  it('204 frees the number so it can be registered again', async () => {
    const n = await register();
    await h.request('DELETE', `/v1/phone-numbers/${n.id}`);
    await register({ phone_number: n.phone_number });
  });
  it('404 for an unknown id', async () => {
    expect((await h.json('DELETE', `/v1/phone-numbers/${missingId}`)).status).toBe(404);
  });
});
