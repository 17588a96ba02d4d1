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

  it('splits text into sentences and drops punctuation-only pieces', () => {
    expect(splitSentences('Hello there! How are you? ... Fine.')).toEqual([
      'Hello there!',
      'How are you?',
      'Fine.',
    ]);
  });
});
