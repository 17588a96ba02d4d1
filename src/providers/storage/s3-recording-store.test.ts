import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAgent } from '../../../test/support/calls.ts';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { finishedCall } from '../../../test/support/post-call.ts';
import { loadConfig } from '../../config/config.ts';
import { newId } from '../../domain/ids.ts';
import { ManualClock, systemClock } from '../../lib/clock.ts';
import { recordingStore } from './recording-stores.ts';
import { S3Error, S3RecordingStore } from './s3-recording-store.ts';
import { S3Double } from './testing/s3-double.ts';

const creds = {
  bucket: 'calls',
  region: 'eu-west-1',
  accessKeyId: 'AKIDPARLEYTEST',
  secretAccessKey: 'parley/secret+key',
};
let s3: S3Double;
const store = (over: Partial<ConstructorParameters<typeof S3RecordingStore>[0]> = {}) =>
  new S3RecordingStore({ ...creds, endpoint: s3.url, prefix: 'recordings/', clock: systemClock, ...over });
const wav = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7) % 256);

beforeAll(async () => {
  s3 = await S3Double.start(creds);
});
afterAll(async () => {
  await s3.close();
});

describe('S3RecordingStore', () => {
  it('uploads with PutObject and reads back with GetObject, signed with Signature V4', async () => {
    const callId = newId('call');
    const key = await store().put(callId, wav);
    expect(key).toBe(`recordings/${callId}.wav`);
    expect(s3.objects.get(key)).toEqual(Buffer.from(wav));
    expect(await store().get(key)).toEqual(wav);
    const put = s3.http.requests.find((r) => r.method === 'PUT')!;
    expect(put.path).toBe(`/calls/recordings/${callId}.wav`);
    expect(put.headers['content-type']).toBe('audio/wav');
    expect(put.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDPARLEYTEST\/\d{8}\/eu-west-1\/s3\/aws4_request,/,
    );
  });

  it('answers undefined for a key that is not there', async () => {
    expect(await store().get('recordings/call_01jd8x2k3m4n5p6q7r8s9t0v1w.wav')).toBeUndefined();
  });

  it.each([
    ['a wrong secret', { secretAccessKey: 'nope' }, 'SignatureDoesNotMatch'],
    ['an unknown access key', { accessKeyId: 'AKIDOTHER' }, 'InvalidAccessKeyId'],
    ['another region', { region: 'us-east-1' }, 'AuthorizationHeaderMalformed'],
    ['an unknown bucket', { bucket: 'other' }, 'NoSuchBucket'],
  ])('fails with S3’s error code for %s', async (_label, over, code) => {
    const err = await store(over)
      .put(newId('call'), wav)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(S3Error);
    expect((err as S3Error).code).toBe(code);
    expect((err as S3Error).message).toMatch(new RegExp(`S3 upload of recordings/call_.+ failed: ${code}`));
  });

  it('gives up on a store that does not answer, on the injected clock', async () => {
    const clock = new ManualClock(Date.now());
    let arrived!: () => void;
    const reached = new Promise<void>((r) => (arrived = r));
    const silent = http.createServer(() => arrived());
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as AddressInfo;
    const pending = store({ endpoint: `http://127.0.0.1:${port}`, clock, timeoutMs: 5000 }).get(
      'recordings/x.wav',
    );
    await reached;
    clock.advance(5000);
    await expect(pending).rejects.toThrow(/no answer within 5000 ms/);
    silent.closeAllConnections();
    silent.close();
  });
});

describe('recordingStore (config)', () => {
  it('uses the bucket when PARLEY_S3_BUCKET is set, else the data dir', async () => {
    const env = {
      PARLEY_S3_BUCKET: 'calls',
      PARLEY_S3_ENDPOINT: s3.url,
      PARLEY_S3_REGION: 'eu-west-1',
      PARLEY_S3_ACCESS_KEY_ID: creds.accessKeyId,
      PARLEY_S3_SECRET_ACCESS_KEY: creds.secretAccessKey,
    };
    const inBucket = recordingStore(loadConfig(env), systemClock);
    expect(inBucket).toBeInstanceOf(S3RecordingStore);
    const key = await inBucket.put(newId('call'), wav);
    expect(s3.objects.has(key)).toBe(true);
    expect(recordingStore(loadConfig({ PARLEY_DATA_DIR: '/tmp/x' }), systemClock)).not.toBeInstanceOf(
      S3RecordingStore,
    );
    expect(() => loadConfig({ PARLEY_S3_BUCKET: 'calls' })).toThrow(
      /PARLEY_S3_ACCESS_KEY_ID and PARLEY_S3_SECRET_ACCESS_KEY are required/,
    );
  });
});

describe('GET /v1/recordings/{call_id} from the bucket', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({
      env: {
        PARLEY_S3_BUCKET: 'calls',
        PARLEY_S3_ENDPOINT: s3.url,
        PARLEY_S3_REGION: 'eu-west-1',
        PARLEY_S3_ACCESS_KEY_ID: creds.accessKeyId,
        PARLEY_S3_SECRET_ACCESS_KEY: creds.secretAccessKey,
      },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('serves a recording the engine stored in S3, ranges included', async () => {
    const call = await finishedCall(h, h.orgId, await newAgent(h));
    const key = await h.core.recordings.put(call.id, wav);
    expect(s3.objects.has(key)).toBe(true);
    await h.store.db.updateTable('calls').set({ recording_key: key }).where('id', '=', call.id).execute();
    const link = new URL((await h.json('GET', `/v1/calls/${call.id}`)).body.recording_url);
    const whole = await h.request('GET', `${link.pathname}${link.search}`, { key: null });
    expect(whole.status).toBe(200);
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(wav);
    const part = await h.request('GET', `${link.pathname}${link.search}`, {
      key: null,
      headers: { range: 'bytes=10-19' },
    });
    expect(part.status).toBe(206);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(wav.subarray(10, 20));
  });
});
