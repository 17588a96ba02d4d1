import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.ts';
import { ProviderError } from '../errors.ts';
import { FakeTts } from './fake-tts.ts';
import { collectSpeech, describeTtsContract } from './tts.contract.ts';

describeTtsContract('FakeTts', async () => {
  const tts = new FakeTts();
  return {
    tts,
    voice: 'fake-voice',
    fail: (status) => tts.fail(new ProviderError('fake', `HTTP ${status}`, { statusCode: status })),
    close: async () => {},
  };
});

describe('FakeTts', () => {
  it('waits firstChunkMs, then paces 20 ms chunks at the real-time factor on the injected clock', async () => {
    const clock = new ManualClock();
    const tts = new FakeTts({ clock, firstChunkMs: 100, realtimeFactor: 2, audioMs: () => 60 });
    const at: number[] = [];
    const t0 = clock.monotonic();
    const run = (async () => {
      for await (const c of tts.synthesize(
        { text: 'hi', voice: 'v', sampleRate: 8000 },
        new AbortController().signal,
      )) {
        at.push(clock.monotonic() - t0);
        expect(c.pcm.length).toBe(160);
      }
    })();
    for (let i = 0; i < 12; i++) {
      await new Promise((r) => setImmediate(r));
      clock.advance(10);
    }
    await run;
    expect(at).toEqual([100, 110, 120]);
  });

  it('records requests and fails after the scripted number of chunks', async () => {
    const tts = new FakeTts({ audioMs: () => 100 });
    const err = new ProviderError('fake', 'broke', { retryable: true });
    tts.fail(err, 2);
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const c of tts.synthesize(
          { text: 'x', voice: 'v', sampleRate: 16_000 },
          new AbortController().signal,
        )) {
          got.push(c.pcm.length);
        }
      })(),
    ).rejects.toBe(err);
    expect(got).toEqual([320, 320]);
    expect(tts.requests).toHaveLength(1);
    expect(await collectSpeech(tts, { text: 'ok', voice: 'v', sampleRate: 16_000 })).not.toHaveLength(0);
  });
});
