import { describe, expect, it } from 'vitest';
import { pushThrough, scriptedStream } from '../testing/vad-streams.ts';
import { defaultVadParams, VoiceActivityDetector } from './activity-detector.ts';

describe('VoiceActivityDetector, on a scripted model', () => {
  it('tells a waiter when it has heard through a moment, after the events of that audio', async () => {
    // 32 ms windows at 8 kHz: silence for ten windows, then speech.
    let window = 0;
    const scripted = scriptedStream(256, () => (window++ < 10 ? 0.05 : 0.9));
    const d = new VoiceActivityDetector(scripted, 8000, defaultVadParams);
    const log: string[] = [];
    const emit = (e: { type: string; atMs: number }) => e.type === 'start' && log.push(`start ${e.atMs}`);
    // The window holding 340 ms ends at 352 ms: the speech it starts is reported before the waiter hears.
    d.whenHeardThrough(340, () => log.push(`heard ${d.heardMs}`));
    const cancelled: string[] = [];
    const frame = new Int16Array(160).fill(1000);
    for (let t = 20; t <= 400; t += 20) {
      await pushThrough(d, frame, t, emit);
      if (t === 100) {
        d.whenHeardThrough(200, () => cancelled.push('fired'));
        d.cancelWait();
        d.whenHeardThrough(340, () => log.push(`heard ${d.heardMs}`));
      }
    }
    expect(log).toEqual(['start 320', 'heard 352']);
    expect(cancelled).toEqual([]);
    d.whenHeardThrough(0, () => log.push('at once'));
    expect(log.at(-1)).toBe('at once');
  });

  it('tells the voice coming back after a stop from line noise, before the model has scored it', async () => {
    // The scripted model calls a window speech when it is loud.
    const scripted = scriptedStream(256, (w) => (Math.abs(w[100]!) > 0.05 ? 0.9 : 0.05));
    const run = async (noise: number, onset: number) => {
      const d = new VoiceActivityDetector(scripted, 8000, { ...defaultVadParams, minSilenceMs: 100 });
      let stops = 0;
      let t = 0;
      const feed = async (amplitude: number, ms: number) => {
        for (let end = t + ms; t < end; ) {
          t += 20;
          await pushThrough(
            d,
            new Int16Array(160).fill(amplitude),
            t,
            (e) => void (e.type === 'stop' && stops++),
          );
        }
      };
      await feed(8000, 1000);
      await feed(noise, 300);
      expect(stops).toBe(1);
      const end = d.voicedUntilMs;
      await feed(noise, 200);
      const afterNoise = d.voicedUntilMs;
      // A soft onset, known once a whole 8 ms block of it is in.
      await pushThrough(d, new Int16Array(128).fill(onset), t + 16, () => {});
      return { end, afterNoise, onset: d.voicedUntilMs, t };
    };
    // On a noisy line (-52 dBFS, 40 dB below the voice) the noise is not the voice, an onset 12 dB over it is…
    const noisy = await run(80, 320);
    expect(noisy.end).toBeGreaterThan(900);
    expect(noisy.end).toBeLessThanOrEqual(1000);
    expect(noisy.afterNoise).toBe(noisy.end);
    expect(noisy.onset).toBeGreaterThan(noisy.t);
    // …and on a silent line any sound above -60 dBFS is, however soft against the voice (35 dB down).
    const quiet = await run(0, 140);
    expect(quiet.afterNoise).toBe(quiet.end);
    expect(quiet.onset).toBeGreaterThan(quiet.t);
  });

  it('refuses a frame while the model scores a window, and passes a model failure to its resume', async () => {
    let fail: ((e: unknown) => void) | undefined;
    const held = {
      windowSamples: 256,
      score: (_w: Float32Array, to: { failed: (e: unknown) => void }) => {
        fail = to.failed;
      },
      reset: () => {},
    };
    const d = new VoiceActivityDetector(held, 8000, defaultVadParams);
    const failed: unknown[] = [];
    const resume = { resumed: () => failed.push('resumed'), failed: (e: unknown) => failed.push(e) };
    // 160 samples fill no window; the next 160 complete one, which waits on the model.
    expect(d.push(new Int16Array(160).fill(1000), 20, () => {}, resume)).toBe(false);
    expect(d.push(new Int16Array(160).fill(1000), 40, () => {}, resume)).toBe(true);
    expect(() => d.push(new Int16Array(160), 60, () => {}, resume)).toThrow(/while the model scores/);
    fail!(new Error('model gone'));
    expect(failed.map((e) => (e as Error).message)).toEqual(['model gone']);
    // The rest of the frame that failed is dropped; the detector takes frames again.
    expect(d.push(new Int16Array(256).fill(1000), 60, () => {}, resume)).toBe(true);
  });
});
