import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../errors.ts';
import type { Stt, SttEvent } from './stt.ts';

/** What the contract needs from an adapter under test. */
export interface SttContractSubject {
  stt: Stt;
  sampleRate: number;
  /** The transcript the provider returns for the next utterance. */
  script(text: string): void;
  /** Make the provider's next connection or request fail with this HTTP status. */
  fail(status: number): void;
  close(): Promise<void>;
}

/** 20 ms frames: `speechMs` of a 300 Hz tone (speech-like energy), then `silenceMs` of silence. */
export function utteranceFrames(sampleRate: number, speechMs: number, silenceMs: number): Int16Array[] {
  const frame = sampleRate / 50;
  const frames: Int16Array[] = [];
  let n = 0;
  for (let t = 0; t < speechMs + silenceMs; t += 20) {
    const f = new Int16Array(frame);
    if (t < speechMs)
      for (let i = 0; i < frame; i++, n++)
        f[i] = Math.round(6000 * Math.sin((2 * Math.PI * 300 * n) / sampleRate));
    frames.push(f);
  }
  return frames;
}

/** Collects a stream's events and lets a test wait for one. */
export class SttEventLog {
  readonly events: SttEvent[] = [];
  private waiters: Array<{ pred: (e: SttEvent) => boolean; resolve: (e: SttEvent) => void }> = [];
  readonly onEvent = (e: SttEvent) => {
    this.events.push(e);
    const ready = this.waiters.filter((w) => w.pred(e));
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve(e);
  };
  /** The first past or future event matching `pred` (the test's own timeout bounds the wait). */
  next<T extends SttEvent>(pred: (e: SttEvent) => e is T): Promise<T>;
  next(pred: (e: SttEvent) => boolean): Promise<SttEvent>;
  next(pred: (e: SttEvent) => boolean): Promise<SttEvent> {
    const seen = this.events.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }
  /** Forget past events (so `next` waits for new ones). */
  clear(): void {
    this.events.length = 0;
  }
}

const isFinal = (e: SttEvent): e is Extract<SttEvent, { type: 'final' }> =>
  e.type === 'final' && e.speechFinal === true;
const isError = (e: SttEvent): e is Extract<SttEvent, { type: 'error' }> => e.type === 'error';

/** The behaviour every Stt adapter must show; run against the fake and each vendor adapter on its double. */
export function describeSttContract(name: string, setup: () => Promise<SttContractSubject>): void {
  describe(`Stt contract: ${name}`, () => {
    let s: SttContractSubject;
    beforeAll(async () => {
      s = await setup();
    });
    afterAll(async () => {
      await s.close();
    });
    const open = () => {
      const log = new SttEventLog();
      const stream = s.stt.stream(
        { language: 'en', sampleRate: s.sampleRate, endpointingMs: 300 },
        log.onEvent,
      );
      return { log, stream };
    };

    it('transcribes an utterance that flush() finalises', async () => {
      s.script('what time do you open');
      const { log, stream } = open();
      for (const f of utteranceFrames(s.sampleRate, 600, 200)) stream.pushAudio(f);
      stream.flush();
      const final = await log.next(isFinal);
      expect(final.text).toBe('what time do you open');
      if (final.startMs !== undefined && final.endMs !== undefined)
        expect(final.endMs).toBeGreaterThan(final.startMs);
      await stream.close();
    });

    it('reports interim results before the final when it supports them', async (ctx) => {
      if (!s.stt.capabilities.interimResults) return ctx.skip();
      s.script('hello there friend');
      const { log, stream } = open();
      for (const f of utteranceFrames(s.sampleRate, 600, 0)) stream.pushAudio(f);
      await log.next((e) => e.type === 'interim');
      stream.flush();
      await log.next(isFinal);
      const kinds = log.events.map((e) => e.type);
      expect(kinds.indexOf('interim')).toBeLessThan(kinds.indexOf('final'));
      await stream.close();
    });

    it('transcribes successive utterances in order', async () => {
      s.script('first one');
      s.script('second one');
      const { log, stream } = open();
      for (const text of ['first one', 'second one']) {
        for (const f of utteranceFrames(s.sampleRate, 400, 100)) stream.pushAudio(f);
        stream.flush();
        expect((await log.next(isFinal)).text).toBe(text);
        log.clear();
      }
      await stream.close();
    });

    it('emits nothing once close() has resolved', async () => {
      s.script('never heard');
      const { log, stream } = open();
      for (const f of utteranceFrames(s.sampleRate, 400, 0)) stream.pushAudio(f);
      await stream.close();
      const count = log.events.length;
      stream.pushAudio(new Int16Array(320));
      stream.flush();
      await new Promise((r) => setTimeout(r, 20));
      expect(log.events.length).toBe(count);
    });

    for (const [status, retryable] of [
      [503, true],
      [401, false],
    ] as const) {
      it(`reports HTTP ${status} as a ${retryable ? 'retryable' : 'non-retryable'} error event`, async () => {
        s.fail(status);
        const { log, stream } = open();
        for (const f of utteranceFrames(s.sampleRate, 200, 0)) stream.pushAudio(f);
        stream.flush();
        const e = await log.next(isError);
        expect(e.error).toBeInstanceOf(ProviderError);
        expect(e.error).toMatchObject({ retryable, statusCode: status });
        await stream.close();
      });
    }
  });
}
