import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.ts';
import { ProviderError } from '../../providers/errors.ts';
import type { Tts, TtsChunk, TtsRequest } from '../../providers/tts/tts.ts';
import { CallClock } from '../call-clock.ts';
import type { Frame } from '../frames.ts';
import { SpeechHandle } from '../speech-handle.ts';
import { ProcessorHarness } from '../testing/run-processor.ts';
import { TtsProcessor } from './tts.ts';

/** An in-test Tts: 100 ms to the first chunk, then `chunks` chunks of 100 ms of audio at `rate`, 50 ms apart. */
class ClockTts implements Tts {
  readonly capabilities = { streaming: true, sampleRates: [8000, 16000] };
  readonly requests: TtsRequest[] = [];
  readonly requestedAt: number[] = [];
  constructor(
    readonly provider: string,
    private readonly clock: ManualClock,
    private readonly opts: { rate?: number; chunks?: number; failAfter?: number } = {},
  ) {}
  async *synthesize(req: TtsRequest, signal: AbortSignal): AsyncIterable<TtsChunk> {
    this.requests.push(req);
    this.requestedAt.push(this.clock.now());
    const fill = this.requests.length * 1000;
    const rate = this.opts.rate ?? 8000;
    for (let i = 0; i < (this.opts.chunks ?? 2); i++) {
      await new Promise<void>((resolve, reject) => {
        const t = this.clock.setTimeout(resolve, i === 0 ? 100 : 50);
        signal.addEventListener('abort', () => {
          this.clock.clearTimeout(t);
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
      if (this.opts.failAfter === i)
        throw new ProviderError(this.provider, 'synthesis failed', { statusCode: 500 });
      yield { pcm: new Int16Array(rate / 10).fill(fill), sampleRate: rate };
    }
  }
}

function setup(providers: (clock: ManualClock) => Tts[]) {
  const clock = new ManualClock(0);
  const list = providers(clock);
  const proc = new TtsProcessor(list, { voice: 'kal', speed: 1 }, 8000, new CallClock(clock));
  const h = new ProcessorHarness(proc, clock);
  const speech = new SpeechHandle({ id: 1, allowInterruptions: true, source: 'reply' });
  const f = {
    start: (): Frame => ({ kind: 'control', type: 'speech.start', speech }),
    text: (text: string): Frame => ({ kind: 'data', type: 'llm.text', speech, text }),
    end: (): Frame => ({ kind: 'control', type: 'speech.end', speech }),
  };
  return { clock, h, speech, f, list };
}

/** What leaves the processor for a two-sentence speech whose provider sends two chunks per sentence. */
const twoSentenceFrames = [
  'speech.start',
  'tts.sentence',
  'metric',
  'tts.audio',
  'tts.audio',
  'tts.sentence',
  'tts.audio',
  'tts.audio',
  'speech.end',
];

describe('TtsProcessor', () => {
  it('synthesises streamed text sentence by sentence, in order, with one ttfb sample per speech', async () => {
    const { h, f, list } = setup((c) => [new ClockTts('a', c)]);
    await h.send([f.start(), f.text('Hello there. How'), f.text(' are you?'), f.end()]);
    await h.settle(1000);
    expect(h.types()).toEqual(twoSentenceFrames);
    expect(h.of('tts.sentence').map((s) => s.text)).toEqual(['Hello there.', 'How are you?']);
    expect(h.of('metric')).toEqual([
      { kind: 'system', type: 'metric', name: 'tts_ttfb', ms: 100, provider: 'a' },
    ]);
    expect((list[0] as ClockTts).requests[0]).toEqual({
      voice: 'kal',
      speed: 1,
      text: 'Hello there.',
      sampleRate: 8000,
    });
  });

  it('resamples provider audio to the transport rate', async () => {
    const { h, f } = setup((c) => [new ClockTts('a', c, { rate: 16000, chunks: 1 })]);
    await h.send([f.start(), f.text('Hi.'), f.end()]);
    await h.settle(500);
    const audio = h.of('tts.audio');
    expect(audio).toHaveLength(1);
    expect(Math.abs(audio[0]!.pcm.length - 800)).toBeLessThanOrEqual(1);
  });

  it('fails over to the next provider when one fails before any audio', async () => {
    const { h, f } = setup((c) => [new ClockTts('a', c, { failAfter: 0 }), new ClockTts('b', c)]);
    await h.send([f.start(), f.text('Hi.'), f.end()]);
    await h.settle(1000);
    expect(h.of('tts.audio')).toHaveLength(2);
    expect(h.of('metric')[0]).toMatchObject({ provider: 'b', ms: 100 });
    expect(h.of('error', 'up')).toHaveLength(0);
  });

  it('reports a failure after audio started as a fatal error upstream', async () => {
    const { h, f } = setup((c) => [new ClockTts('a', c, { failAfter: 1 }), new ClockTts('b', c)]);
    await h.send([f.start(), f.text('Hi.'), f.end()]);
    await h.settle(1000);
    const [err] = h.of('error', 'up');
    expect(err).toMatchObject({ fatal: true, source: 'tts' });
    expect(err!.error).toBeInstanceOf(ProviderError);
  });

  it('stops synthesising at an interruption', async () => {
    const { h, f } = setup((c) => [new ClockTts('a', c, { chunks: 5 })]);
    await h.send([f.start(), f.text('One long sentence.'), f.end()]);
    await h.settle(160);
    expect(h.of('tts.audio')).toHaveLength(2);
    h.pipeline.interrupt();
    await h.settle(1000);
    expect(h.of('tts.audio')).toHaveLength(2);
    expect(h.of('speech.end')).toHaveLength(0);
  });

  it("starts the next sentence's synthesis during the current one's audio and keeps the order", async () => {
    const { h, f, list } = setup((c) => [new ClockTts('a', c)]);
    await h.send([f.start(), f.text('Hello there. How are you?'), f.end()]);
    await h.settle(1000);
    const tts = list[0] as ClockTts;
    expect(tts.requests.map((r) => r.text)).toEqual(['Hello there.', 'How are you?']);
    expect(tts.requestedAt).toEqual([0, 0]);
    expect(h.types()).toEqual(twoSentenceFrames);
    expect(h.of('tts.audio').map((a) => a.pcm[0])).toEqual([1000, 1000, 2000, 2000]);
  });

  it("speaks a reply's first clause before the LLM finishes its first sentence", async () => {
    const { h, f, clock, list } = setup((c) => [new ClockTts('a', c)]);
    await h.send([f.start(), f.text('Sure, I can')]);
    expect(h.of('tts.sentence').map((s) => s.text)).toEqual(['Sure,']);
    await h.settle(20);
    await h.send([f.text(' help with that.'), f.end()]);
    await h.settle(1000);
    expect(h.of('tts.sentence').map((s) => s.text)).toEqual(['Sure,', 'I can help with that.']);
    expect((list[0] as ClockTts).requestedAt).toEqual([0, 20]);
    expect(clock.now()).toBeGreaterThan(1000);
  });

  it('reports a failure of a sentence synthesised ahead of its turn', async () => {
    let n = 0;
    const { h, f } = setup((c) => [
      {
        provider: 'a',
        capabilities: { streaming: true, sampleRates: [8000] },
        synthesize: (req: TtsRequest, signal: AbortSignal) =>
          new ClockTts('a', c, n++ === 1 ? { failAfter: 0 } : {}).synthesize(req, signal),
      },
    ]);
    await h.send([f.start(), f.text('One. Two. Three.'), f.end()]);
    await h.settle(1000);
    // "Two." failed before any audio (no fallback provider); "Three." is never spoken.
    expect(h.of('tts.sentence').map((s) => s.text)).toEqual(['One.', 'Two.']);
    expect(h.of('tts.audio')).toHaveLength(2);
    const [err] = h.of('error', 'up');
    expect(err).toMatchObject({ fatal: true, source: 'tts' });
  });

  it('drops the sentence synthesised ahead when the caller interrupts', async () => {
    const { h, f, list } = setup((c) => [new ClockTts('a', c, { chunks: 3 })]);
    await h.send([f.start(), f.text('First one. Second one.'), f.end()]);
    await h.settle(120);
    expect((list[0] as ClockTts).requests).toHaveLength(2);
    h.pipeline.interrupt();
    await h.settle(1000);
    expect(h.of('tts.sentence').map((s) => s.text)).toEqual(['First one.']);
    expect(h.of('tts.audio').map((a) => a.pcm[0])).toEqual([1000]);
    expect(h.of('speech.end')).toHaveLength(0);
    // The next reply is spoken without waiting for the aborted one.
    const next = new SpeechHandle({ id: 2, allowInterruptions: true, source: 'reply' });
    await h.send([
      { kind: 'control', type: 'speech.start', speech: next },
      { kind: 'data', type: 'llm.text', speech: next, text: 'Okay.' },
      { kind: 'control', type: 'speech.end', speech: next },
    ]);
    await h.settle(1000);
    expect(h.of('tts.sentence').map((s) => s.text)).toEqual(['First one.', 'Okay.']);
    expect(h.of('speech.end')).toHaveLength(1);
  });
});
