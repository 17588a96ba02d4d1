import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { createIntegration } from '../../../test/support/integrations.ts';
import { publishableKey } from '../../../test/support/security.ts';
import { offlineVoiceId, platformVoices } from '../../domain/voice/catalogue.ts';
import { previewText } from '../../domain/voice/voice-preview.ts';
import { rms } from '../../pipeline/audio/pcm.ts';
import { decodeWav } from '../../pipeline/audio/wav.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

const flite = platformVoices.filter((v) => v.provider === 'flite');
const vendor = platformVoices.filter((v) => v.provider !== 'flite');
const previewPath = (id: string) => `/v1/voices/${id}/preview`;

async function importedVoice(): Promise<string> {
  const cred = (await createIntegration(h, 'elevenlabs')).id;
  const r = await h.json('POST', '/v1/voices/import', {
    body: { provider: 'elevenlabs', provider_voice_id: 'abc', name: 'Cloned', credential_id: cred },
  });
  expect(r.status).toBe(201);
  return r.body.id;
}

describe('preview_url on voices', () => {
  it('links every offline platform voice to its public preview, and no other voice', async () => {
    const imported = await importedVoice();
    const r = await h.json('GET', '/v1/voices?limit=200');
    const byId = new Map(r.body.items.map((v: { id: string; preview_url: string | null }) => [v.id, v]));
    for (const v of flite)
      expect((byId.get(v.id) as { preview_url: string }).preview_url).toBe(
        `${h.core.api.publicUrl}${previewPath(v.id)}`,
      );
    for (const v of vendor) expect((byId.get(v.id) as { preview_url: null }).preview_url).toBeNull();
    expect((byId.get(imported) as { preview_url: null }).preview_url).toBeNull();
    expect((await h.json('GET', `/v1/voices/${imported}`)).body.preview_url).toBeNull();
  });
});

describe('GET /v1/voices/{voice_id}/preview', () => {
  it('200 a WAV of the voice saying its sentence, at its native rate, without an API key', async () => {
    expect(previewText(flite[0]!)).toBe("Hi, I'm Kal. This is how I sound on a call.");
    expect(previewText(flite[1]!)).toBe("Hi, I'm Sarah. This is how I sound on a call.");
    for (const [voice, rate] of [
      [flite[0]!, 8000],
      [flite[1]!, 16_000],
    ] as const) {
      const res = await h.request('GET', previewPath(voice.id), { key: null });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('audio/wav');
      expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(res.headers.get('content-length')).toBe(String(bytes.byteLength));
      const { sampleRate, channels } = decodeWav(bytes);
      expect(sampleRate).toBe(rate);
      expect(channels).toHaveLength(1);
      const seconds = channels[0]!.length / sampleRate;
      expect(seconds).toBeGreaterThan(1.5);
      expect(seconds).toBeLessThan(6);
      expect(rms(channels[0]!)).toBeGreaterThan(0.02); // speech, not silence
    }
  }, 30_000);

  it('200 the same bytes again, with any key or none', async () => {
    const first = new Uint8Array(await (await h.request('GET', previewPath(offlineVoiceId))).arrayBuffer());
    for (const key of [null, 'oi_sk_not-a-real-key', await publishableKey(h)]) {
      const res = await h.request('GET', previewPath(offlineVoiceId), { key });
      expect(res.status).toBe(200);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(first);
    }
  }, 30_000);

  it('404 VOICE_PREVIEW_NOT_FOUND for vendor, imported, unknown and malformed voices', async () => {
    const imported = await importedVoice();
    for (const id of [vendor[0]!.id, imported, 'vc_01jd8x2k3m4n5p6q7r8s9t0v1w', 'kal', 'x']) {
      const r = await h.json('GET', previewPath(id), { key: null });
      expect(r.status, id).toBe(404);
      expect(r.body.error.code).toBe('VOICE_PREVIEW_NOT_FOUND');
      expect(r.body.error.request_id).toMatch(/^req_/);
    }
  });
});

describe('voice previews: security', () => {
  it('only GET is open: other methods on the path still need a key', async () => {
    for (const method of ['POST', 'DELETE', 'PATCH']) {
      const r = await h.json(method, previewPath(offlineVoiceId), { key: null, body: {} });
      expect(r.status, method).toBe(401);
    }
  });

  it('the open path is exactly the preview: the voice itself still needs a key', async () => {
    expect((await h.json('GET', `/v1/voices/${offlineVoiceId}`, { key: null })).status).toBe(401);
    expect((await h.json('GET', `${previewPath(offlineVoiceId)}/x`, { key: null })).status).toBe(401);
  });
});
