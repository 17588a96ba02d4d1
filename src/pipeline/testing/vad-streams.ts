import type { VadEvent, VoiceActivityDetector } from '../vad/activity-detector.ts';
import type { VadStream } from '../vad/vad-model.ts';

/** A stream whose windows `rate` scores, answered on a later microtask as a real model would. */
export function scriptedStream(
  windowSamples: number,
  rate: (window: Float32Array) => number,
  onReset: () => void = () => {},
): VadStream {
  return {
    windowSamples,
    score: (w, to) => {
      const p = rate(w);
      queueMicrotask(() => to.scored(p));
    },
    reset: onReset,
  };
}

/** Push one frame and resolve once the detector is through it, the model's answers included. */
export function pushThrough(
  d: VoiceActivityDetector,
  pcm: Int16Array,
  ptsMs: number,
  emit: (e: VadEvent) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!d.push(pcm, ptsMs, emit, { resumed: resolve, failed: reject })) resolve();
  });
}
