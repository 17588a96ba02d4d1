import { describe, expect, it } from 'vitest';
import { ProviderError } from '../errors.ts';
import { FakeTts } from './fake-tts.ts';
import { FallbackTts } from './fallback.ts';
import { collectSpeech, describeTtsContract } from './tts.contract.ts';

const unavailable = () => new ProviderError('primary', 'HTTP 503', { statusCode: 503 });

describeTtsContract('FallbackTts over a failing primary', async () => {
  const primary = new FakeTts({ provider: 'primary' });
  const secondary = new FakeTts({ provider: 'secondary' });
  const tts = new FallbackTts([{ tts: primary }, { tts: secondary }]);
  // Fail the primary on every call so the secondary always serves.
  const original = primary.synthesize.bind(primary);
  primary.synthesize = (req, signal) => {
    primary.fail(unavailable());
    return original(req, signal);
  };
  return {
    tts,
    voice: 'v',
    fail: (status) => secondary.fail(new ProviderError('secondary', 'x', { statusCode: status })),
    close: async () => {},
  };
});

const req = { text: 'Hello there.', voice: 'alloy', sampleRate: 8000 };

describe('FallbackTts', () => {
  it('prewarms only the first provider, the one that speaks unless it fails', () => {
    const primary = new FakeTts();
    const secondary = new FakeTts();
    new FallbackTts([{ tts: primary }, { tts: secondary }]).prewarm();
    expect([primary.prewarms, secondary.prewarms]).toEqual([1, 0]);
  });

  it('fails over before audio, with the entry voice and model, and reports it', async () => {
    const primary = new FakeTts({ provider: 'elevenlabs' });
    primary.fail(unavailable());
    const secondary = new FakeTts({ provider: 'flite' });
    const seen: string[] = [];
    const tts = new FallbackTts([{ tts: primary }, { tts: secondary, voice: 'kal', model: 'm2' }], {
      onFailover: (a, b) => seen.push(`${a}>${b}`),
    });
    expect((await collectSpeech(tts, req)).length).toBeGreaterThan(0);
    expect(secondary.requests[0]).toMatchObject({ voice: 'kal', model: 'm2', text: 'Hello there.' });
    expect(seen).toEqual(['elevenlabs>flite']);
  });

  it('does not fail over once audio was produced or on a non-retryable error', async () => {
    const midway = unavailable();
    const a = new FakeTts();
    a.fail(midway, 1);
    const b = new FakeTts();
    await expect(collectSpeech(new FallbackTts([{ tts: a }, { tts: b }]), req)).rejects.toBe(midway);
    const auth = new ProviderError('x', 'HTTP 401', { statusCode: 401 });
    a.fail(auth);
    await expect(collectSpeech(new FallbackTts([{ tts: a }, { tts: b }]), req)).rejects.toBe(auth);
    expect(b.requests).toHaveLength(0);
  });
});
