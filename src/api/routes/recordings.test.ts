import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAgent } from '../../../test/support/calls.ts';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { finishedCall } from '../../../test/support/post-call.ts';
import { signRecordingUrl } from '../../domain/call/recording-url.ts';

let h: Harness;
let agentId: string;
const dataDir = `/tmp/parley-recordings-${process.pid}`;
const wav = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);

beforeAll(async () => {
  h = await createHarness({ env: { PARLEY_DATA_DIR: dataDir } });
  agentId = await newAgent(h);
});
afterAll(async () => {
  await h.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

/** An ended call with a stored recording; returns its signed link as a path + query. */
async function recordedCall() {
  const call = await finishedCall(h, h.orgId, agentId);
  const key = await h.core.recordings.put(call.id, wav);
  await h.store.db.updateTable('calls').set({ recording_key: key }).where('id', '=', call.id).execute();
  const url = new URL((await h.json('GET', `/v1/calls/${call.id}`)).body.recording_url);
  return { call, link: `${url.pathname}${url.search}` };
}

const get = (path: string, headers: Record<string, string> = {}) =>
  h.request('GET', path, { key: null, headers });

describe('GET /v1/recordings/{call_id}', () => {
  it('200 serves the WAV without an API key', async () => {
    const { link } = await recordedCall();
    const r = await get(link);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('audio/wav');
    expect(r.headers.get('accept-ranges')).toBe('bytes');
    expect(r.headers.get('content-length')).toBe('1000');
    expect(new Uint8Array(await r.arrayBuffer())).toEqual(wav);
  });

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=900-', 900, 999],
    ['bytes=-10', 990, 999],
    ['bytes=950-5000', 950, 999],
  ])('206 for Range %s', async (range, start, end) => {
    const { link } = await recordedCall();
    const r = await get(link, { range });
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe(`bytes ${start}-${end}/1000`);
    expect(new Uint8Array(await r.arrayBuffer())).toEqual(wav.subarray(start, end + 1));
  });

  it('416 for a range past the end', async () => {
    const { link } = await recordedCall();
    const r = await get(link, { range: 'bytes=1000-' });
    expect(r.status).toBe(416);
    expect(r.headers.get('content-range')).toBe('bytes */1000');
  });

  it('403 for a tampered, missing or foreign signature', async () => {
    const { call, link } = await recordedCall();
    const other = await recordedCall();
    const tampered = link.replace(/sig=([^&])/, (_m, c: string) => `sig=${c === 'A' ? 'B' : 'A'}`);
    const swapped = `/v1/recordings/${call.id}${new URL(`http://x${other.link}`).search}`;
    for (const path of [tampered, `/v1/recordings/${call.id}`, swapped]) {
      const r = await h.json('GET', path, { key: null });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('RECORDING_LINK_INVALID');
    }
  });

  it('403 once the 4-hour link has expired', async () => {
    const { link } = await recordedCall();
    h.clock.advance(4 * 3600_000 + 1000);
    expect((await get(link)).status).toBe(403);
  });

  it('404 RECORDING_NOT_FOUND for a validly signed call without a recording', async () => {
    const call = await finishedCall(h, h.orgId, agentId);
    const url = new URL(signRecordingUrl(h.core.secrets, 'http://x', call.id, h.clock.now()));
    const r = await h.json('GET', `${url.pathname}${url.search}`, { key: null });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('RECORDING_NOT_FOUND');
  });
});
