import { getEventListeners } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { collectSpeech, describeTtsContract } from '../tts.contract.ts';
import { FlitePool } from './flite-pool.ts';
import { FliteTts, splitSentences } from './flite-tts.ts';

const pool = new FlitePool({ size: 2 });
afterAll(() => pool.close());

describeTtsContract('FliteTts (offline, worker pool)', async () => ({
  tts: new FliteTts(pool),
  voice: 'kal',
  close: async () => {},
}));

describe('FliteTts', () => {
  const tts = new FliteTts(pool);

  it('speaks kal at 8 kHz for phone calls and its 16 kHz twin for web calls', async () => {
    const phone = await collectSpeech(tts, { text: 'Hello.', voice: 'kal', sampleRate: 8000 });
    const web = await collectSpeech(tts, { text: 'Hello.', voice: 'kal', sampleRate: 16_000 });
    expect(phone[0]!.sampleRate).toBe(8000);
    expect(web[0]!.sampleRate).toBe(16_000);
  });

  it('speaks slt at its native 16 kHz whatever rate was asked', async () => {
    const chunks = await collectSpeech(tts, { text: 'Hi.', voice: 'slt', sampleRate: 8000 });
    expect(chunks[0]!.sampleRate).toBe(16_000);
    expect(chunks.every((c) => c.pcm.length <= 1600)).toBe(true);
  });

  it('speaks slower with a lower speed', async () => {
    const len = async (speed: number) =>
      (
        await collectSpeech(tts, { text: 'One two three four.', voice: 'kal', sampleRate: 8000, speed })
      ).reduce((n, c) => n + c.pcm.length, 0);
    expect(await len(0.7)).toBeGreaterThan((await len(1)) * 1.2);
  });

  it('rejects an unknown voice with a non-retryable error naming the voices', async () => {
    await expect(collectSpeech(tts, { text: 'Hi.', voice: 'nope', sampleRate: 8000 })).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining('kal'),
    });
  });

  it('warms every worker ahead of use', async () => {
    const warm = new FlitePool({ size: 2 });
    await warm.warm();
    expect(warm.workerCount).toBe(2);
    await warm.close();
    expect(warm.workerCount).toBe(0);
  });

  it('synthesises on worker threads, not on the event loop', async () => {
    await collectSpeech(tts, { text: 'Worker check.', voice: 'slt', sampleRate: 16_000 });
    expect(pool.workerCount).toBeGreaterThan(0);
  });

  it('a long call (many sentences on one signal) leaves no abort listeners behind', async () => {
    const call = new AbortController();
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const text = Array.from({ length: 15 }, (_, i) => `This is sentence number ${i + 1}.`).join(' ');
      await collectSpeech(tts, { text, voice: 'kal', sampleRate: 8000 }, call.signal);
      for (let i = 0; i < 15; i++)
        await collectSpeech(tts, { text: `Reply ${i}.`, voice: 'kal', sampleRate: 8000 }, call.signal);
      expect(getEventListeners(call.signal, 'abort')).toHaveLength(0);
      await new Promise((r) => setImmediate(r));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('a sentence aborted while queued resolves null and removes its listener', async () => {
    const one = new FlitePool({ size: 1 });
    try {
      const call = new AbortController();
      const busy = one.synthesize(
        'The first sentence keeps the worker busy.',
        'kal',
        1,
        new AbortController().signal,
      );
      const queued = one.synthesize('Never spoken.', 'kal', 1, call.signal);
      expect(getEventListeners(call.signal, 'abort')).toHaveLength(1);
      call.abort();
      expect(await queued).toBeNull();
      expect(getEventListeners(call.signal, 'abort')).toHaveLength(0);
      expect((await busy)?.pcm.length).toBeGreaterThan(0);
    } finally {
      await one.close();
    }
  });

  it('a reused flite instance speaks exactly as a fresh one, whatever ran before', async () => {
    const one = new FlitePool({ size: 1 });
    const live = new AbortController().signal;
    try {
      const line = 'Thanks for calling Acme Bikes, how can I help?';
      const fresh = await one.synthesize(line, 'kal', 1, live);
      for (const [i, voice] of ['slt', 'kal16', 'awb', 'kal', 'rms', 'slt'].entries())
        await one.synthesize(
          `Warm-up ${i}: a longer sentence with numbers like ${i * 1234}.`,
          voice,
          0.6 + i / 4,
          live,
        );
      const reused = await one.synthesize(line, 'kal', 1, live);
      expect(reused!.sampleRate).toBe(fresh!.sampleRate);
      expect(Buffer.from(reused!.pcm.buffer).equals(Buffer.from(fresh!.pcm.buffer))).toBe(true);
    } finally {
      await one.close();
    }
  });

  it('splits text into sentences and drops punctuation-only pieces', () => {
    expect(splitSentences('Hello there! How are you? ... Fine.')).toEqual([
      'Hello there!',
      'How are you?',
      'Fine.',
    ]);
  });
});
