import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.ts';
import { ProviderError } from '../../providers/errors.ts';
import type { Stt, SttEvent, SttOptions, SttStream } from '../../providers/stt/stt.ts';
import { CallClock } from '../call-clock.ts';
import type { Frame } from '../frames.ts';
import { ProcessorHarness } from '../testing/run-processor.ts';
import { SttProcessor } from './stt.ts';

/** An in-test Stt whose streams record audio and let the test emit events. */
class ScriptedStt implements Stt {
  readonly capabilities = { streaming: true, interimResults: true, wordTimestamps: false };
  readonly streams: {
    samples: number;
    flushes: number;
    closed: boolean;
    emit: (e: SttEvent) => void;
    opts: SttOptions;
  }[] = [];
  constructor(readonly provider: string) {}
  stream(opts: SttOptions, onEvent: (e: SttEvent) => void): SttStream {
    const s = { samples: 0, flushes: 0, closed: false, emit: onEvent, opts };
    this.streams.push(s);
    return {
      pushAudio: (pcm) => {
        s.samples += pcm.length;
      },
      flush: () => {
        s.flushes++;
      },
      close: async () => {
        s.closed = true;
      },
    };
  }
}

const audio = (ptsMs: number): Frame => ({
  kind: 'data',
  type: 'audio.in',
  pcm: new Int16Array(160),
  sampleRate: 8000,
  ptsMs,
});
const stopped: Frame = { kind: 'system', type: 'user.stopped_speaking', atMs: 900, speechMs: 800 };
const opts: SttOptions = { language: 'en', sampleRate: 8000 };

function setup(...providers: ScriptedStt[]) {
  const clock = new ManualClock(0);
  const proc = new SttProcessor(providers, opts, new CallClock(clock));
  const h = new ProcessorHarness(proc, clock);
  return { clock, proc, h };
}

describe('SttProcessor', () => {
  it('streams caller audio, flushes at end of speech and emits transcripts stamped with arrival time', async () => {
    const stt = new ScriptedStt('a');
    const { h, proc } = setup(stt);
    proc.start();
    await h.send([audio(20), audio(40), stopped]);
    const s = stt.streams[0]!;
    expect(s.opts).toEqual(opts);
    expect(s.samples).toBe(320);
    expect(s.flushes).toBe(1);
    expect(h.types()).toEqual(['user.stopped_speaking']);
    await h.settle(250);
    s.emit({ type: 'interim', text: 'hel' });
    s.emit({ type: 'final', text: 'hello', speechFinal: true });
    s.emit({ type: 'speech_started' });
    await h.settle();
    expect(h.down.slice(1)).toEqual([
      { kind: 'data', type: 'transcript.interim', text: 'hel', atMs: 250 },
      { kind: 'data', type: 'transcript.final', text: 'hello', atMs: 250 },
    ]);
    await h.stop();
    expect(s.closed).toBe(true);
  });

  it('fails over to the next provider on a fatal error and ignores the old stream', async () => {
    const a = new ScriptedStt('a');
    const b = new ScriptedStt('b');
    const { h, proc } = setup(a, b);
    proc.start();
    a.streams[0]!.emit({ type: 'error', error: new ProviderError('a', 'socket closed'), fatal: true });
    expect(a.streams[0]!.closed).toBe(true);
    expect(proc.provider).toBe('b');
    await h.send(audio(20));
    expect(b.streams[0]!.samples).toBe(160);
    a.streams[0]!.emit({ type: 'final', text: 'late' });
    await h.settle();
    expect(h.of('transcript.final')).toHaveLength(0);
    expect(h.of('error', 'up')).toHaveLength(0);
  });

  it('reports a fatal error upstream when no provider is left, and ignores non-fatal ones', async () => {
    const a = new ScriptedStt('a');
    const { h, proc } = setup(a);
    proc.start();
    a.streams[0]!.emit({ type: 'error', error: new ProviderError('a', 'hiccup'), fatal: false });
    a.streams[0]!.emit({
      type: 'error',
      error: new ProviderError('a', 'unauthorized', { statusCode: 401 }),
      fatal: true,
    });
    await h.settle();
    const errors = h.of('error', 'up');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ fatal: true, source: 'stt' });
    expect(errors[0]!.error.message).toBe('unauthorized');
  });
});
