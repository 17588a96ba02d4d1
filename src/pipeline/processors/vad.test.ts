import { describe, expect, it } from 'vitest';
import { settle } from '../../lib/clock.ts';
import type { Frame } from '../frames.ts';
import { ProcessorHarness } from '../testing/run-processor.ts';
import { VoiceActivityDetector } from '../vad/activity-detector.ts';
import type { VadListener, VadStream } from '../vad/vad-model.ts';
import { maxVadBacklogFrames, VadProcessor } from './vad.ts';

/** A model whose every window waits until the test answers it (a loaded Silero worker). */
class HeldStream implements VadStream {
  readonly windowSamples = 256;
  readonly pending: VadListener[] = [];
  score(_w: Float32Array, to: VadListener): void {
    this.pending.push(to);
  }
  /** Answer the oldest waiting window. */
  answer(p: number): void {
    this.pending.shift()!.scored(p);
  }
  reset(): void {}
}

const rate = 8000;
/** 20 ms of a loud tone (above the detector's silence floor, so every window goes to the model). */
const loud = (): Int16Array => Int16Array.from({ length: 160 }, (_, i) => Math.round(8000 * Math.sin(i / 3)));
const audio = (n: number): Frame => ({
  kind: 'data',
  type: 'audio.in',
  pcm: loud(),
  sampleRate: rate,
  ptsMs: (n + 1) * 20,
});

function setup() {
  const stream = new HeldStream();
  const vad = new VadProcessor(new VoiceActivityDetector(stream, rate), rate);
  return { stream, vad, h: new ProcessorHarness(vad) };
}

describe('VadProcessor', () => {
  it('forwards caller audio while the model is still scoring an earlier window', async () => {
    const { stream, vad, h } = setup();
    // Frame 1 completes the first 32 ms window; frames 2–4 arrive before the model answers.
    await h.send([0, 1, 2, 3, 4].map(audio));
    expect(stream.pending).toHaveLength(1);
    expect(h.of('audio.in')).toHaveLength(5);
    expect(vad.behindFrames).toBe(3);
    expect(h.of('user.started_speaking')).toHaveLength(0);
  });

  it('feeds the waiting frames to the detector in order once the model answers', async () => {
    const { stream, vad, h } = setup();
    await h.send([0, 1, 2, 3, 4].map(audio));
    stream.answer(0.9);
    await settle();
    // Window 1 (ends at 32 ms) started speech; window 2 (64 ms) is with the model now.
    expect(h.of('user.started_speaking').map((f) => f.atMs)).toEqual([0]);
    expect(stream.pending).toHaveLength(1);
    stream.answer(0.9);
    await settle();
    expect(h.of('user.speaking').map((f) => f.atMs)).toEqual([32, 64]);
    expect(vad.behindFrames).toBe(0);
  });

  it('keeps caller audio waiting for the detector through an interruption', async () => {
    const { stream, vad, h } = setup();
    await h.send([0, 1, 2, 3].map(audio));
    h.pipeline.interrupt();
    expect(vad.behindFrames).toBe(2);
    stream.answer(0.9);
    await settle();
    stream.answer(0.9);
    await settle();
    expect(h.of('user.speaking').map((f) => f.atMs)).toEqual([32, 64]);
  });

  it('skips the oldest waiting audio beyond its bound', async () => {
    const { stream, vad, h } = setup();
    const n = maxVadBacklogFrames + 12;
    await h.send(Array.from({ length: n }, (_, i) => audio(i)));
    expect(h.of('audio.in')).toHaveLength(n);
    expect(vad.behindFrames).toBe(maxVadBacklogFrames);
    // Two frames went to the detector, one waits for the model, 10 were skipped.
    expect(vad.skippedFrames).toBe(n - 2 - maxVadBacklogFrames);
    expect(stream.pending).toHaveLength(1);
  });

  it('reports a failing model as an error upstream and drops its backlog', async () => {
    const failing: VadStream = {
      windowSamples: 256,
      score: (_w, to) => queueMicrotask(() => to.failed(new Error('model gone'))),
      reset: () => {},
    };
    const vad = new VadProcessor(new VoiceActivityDetector(failing, rate), rate);
    const h = new ProcessorHarness(vad);
    await h.send([0, 1, 2].map(audio));
    expect(h.of('error', 'up').map((f) => f.error.message)).toEqual(['model gone']);
    expect(vad.behindFrames).toBe(0);
  });
});
