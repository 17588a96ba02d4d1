import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CallsFixture, callsFixture } from '../../../test/support/calls.ts';
import type { Harness } from '../../../test/support/harness.ts';
import { verifyRecordingSignature } from '../../domain/call/recording-url.ts';

let h: Harness;
let body: CallsFixture['body'];
beforeAll(async () => {
  ({ h, body } = await callsFixture());
});
afterAll(async () => {
  await h.close();
});

async function createCall(extra: Record<string, unknown> = {}) {
  const r = await h.json('POST', '/v1/calls', { body: body(extra) });
  expect(r.status).toBe(201);
  return r.body;
}

describe('GET /v1/calls/{call_id}', () => {
  it('200 returns the call', async () => {
    const c = await createCall();
    const r = await h.json('GET', `/v1/calls/${c.id}`);
    expect(r.status).toBe(200);
    expect(r.body.id).toBe(c.id);
  });

  it('200 with a signed recording_url valid 4 hours when a recording exists', async () => {
    const c = await createCall();
    await h.store.db
      .updateTable('calls')
      .set({ recording_key: `${c.id}.wav` })
      .where('id', '=', c.id)
      .execute();
    const r = await h.json('GET', `/v1/calls/${c.id}`);
    const url = new URL(r.body.recording_url);
    expect(url.origin + url.pathname).toBe(`http://localhost:3000/v1/recordings/${c.id}`);
    const expires = url.searchParams.get('expires')!;
    expect(Number(expires)).toBe(Math.floor(h.clock.now() / 1000) + 4 * 3600);
    const sig = url.searchParams.get('sig')!;
    expect(verifyRecordingSignature(h.core.secrets, c.id, expires, sig, h.clock.now())).toBe(true);
  });

  it('404 CALL_NOT_FOUND for an unknown, malformed or wrong-prefix id', async () => {
    for (const id of ['call_01jd8x2k3m4n5p6q7r8s9t0v1w', 'nope', 'agt_01jd8x2k3m4n5p6q7r8s9t0v1w']) {
      const r = await h.json('GET', `/v1/calls/${id}`);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('CALL_NOT_FOUND');
    }
  });
});
