import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.ts';
import type { Frame } from '../frames.ts';
import { VadProcessor } from '../processors/vad.ts';
import { backgroundAudio, concatPcm, fliteSpeech, frames20 } from '../testing/flite-speech.ts';
import { ProcessorHarness } from '../testing/run-processor.ts';
import { pushThrough } from '../testing/vad-streams.ts';
import { defaultVadParams, VoiceActivityDetector } from './activity-detector.ts';
import { defaultSileroModelPath, SileroVadModel } from './silero-model.ts';
import { InlineSileroRunner } from './silero-runner.ts';
import { probabilityOf, type VadStream } from './vad-model.ts';

let model: SileroVadModel;
beforeAll(async () => {
  // Inline: the processor harness settles frames on the current thread.
  model = await SileroVadModel.load({ thread: 'inline' });
});
afterAll(async () => {
  await model.close();
});

/** First and last sample above -40 dBFS-ish energy: where the synthetic speech really is. */
function speechBounds(pcm: Int16Array, sampleRate: number): { startMs: number; endMs: number } {
  let first = -1;
  let last = -1;
  for (let i = 0; i < pcm.length; i++)
    if (Math.abs(pcm[i]!) > 300) {
      if (first < 0) first = i;
      last = i;
    }
  return { startMs: (first * 1000) / sampleRate, endMs: (last * 1000) / sampleRate };
}

/** Push 20 ms frames stamped with the arrival time of their last sample; return VAD frames. */
async function runVad(pcm: Int16Array, sampleRate: number): Promise<Frame[]> {
  const detector = new VoiceActivityDetector(model.createStream(sampleRate), sampleRate, defaultVadParams);
  const h = new ProcessorHarness(new VadProcessor(detector, sampleRate));
  let t = 0;
  for (const f of frames20(pcm, sampleRate)) {
    t += (f.length * 1000) / sampleRate;
    await h.send({ kind: 'data', type: 'audio.in', pcm: f, sampleRate, ptsMs: t });
  }
  expect(h.of('audio.in')).toHaveLength(Math.ceil(pcm.length / (sampleRate / 50)));
  return h.down.filter((f) => f.type !== 'audio.in' && f.type !== 'user.speaking');
}

describe('Silero VAD', () => {
  for (const [voice, rate] of [
    ['kal', 8000],
    ['slt', 16000],
  ] as const) {
    it(`finds one utterance of real speech at ${rate} Hz, starting and stopping where the speech is`, async () => {
      const speech = await fliteSpeech(
        'Hello, I would like to book a table for two tomorrow evening.',
        voice,
      );
      expect(speech.sampleRate).toBe(rate);
      const pcm = concatPcm(backgroundAudio(1000, rate), speech.pcm, backgroundAudio(1500, rate));
      const truth = speechBounds(pcm, rate);
      const events = await runVad(pcm, rate);
      expect(events.map((e) => e.type)).toEqual(['user.started_speaking', 'user.stopped_speaking']);
      const [start, stop] = events as [Frame & { atMs: number }, Frame & { atMs: number }];
      expect(Math.abs(start.atMs - truth.startMs)).toBeLessThan(100);
      // The end is dated by the last voiced block, not by Silero's decaying probability.
      expect(Math.abs(stop.atMs - truth.endMs)).toBeLessThan(25);
    });
  }

  it('stays silent on silence and on low white noise', async () => {
    const pcm = concatPcm(backgroundAudio(1000, 8000), backgroundAudio(2000, 8000, 0.02));
    expect(await runVad(pcm, 8000)).toEqual([]);
  });

  it('keeps per-call state apart while sharing one model', async () => {
    const speech = await fliteSpeech('Yes, that works for me.', 'kal');
    const a = new VoiceActivityDetector(model.createStream(8000), 8000);
    const b = new VoiceActivityDetector(model.createStream(8000), 8000);
    const silence = backgroundAudio(20, 8000);
    const seenA: string[] = [];
    const seenB: string[] = [];
    let t = 0;
    for (const f of frames20(concatPcm(speech.pcm, backgroundAudio(600, 8000)), 8000)) {
      t += 20;
      await Promise.all([
        pushThrough(a, f, t, (e) => seenA.push(e.type)),
        pushThrough(b, silence, t, (e) => seenB.push(e.type)),
      ]);
    }
    expect(seenA[0]).toBe('start');
    expect(seenA.at(-1)).toBe('stop');
    expect(seenB).toEqual([]);
  });

  it('skips the model on long stretches below the silence floor and finds the same speech', async () => {
    const speech = await fliteSpeech('Do you have anything free around seven thirty?', 'kal');
    const run = async (gapLevel: number, silenceFloorDbfs: number | undefined) => {
      const pcm = concatPcm(
        backgroundAudio(1500, 8000, gapLevel, 2),
        speech.pcm,
        backgroundAudio(2500, 8000, gapLevel, 3),
        speech.pcm,
        backgroundAudio(1500, 8000, gapLevel, 4),
      );
      const stream = model.createStream(8000);
      let scored = 0;
      let resets = 0;
      const counting: VadStream = {
        windowSamples: stream.windowSamples,
        score: (w, to) => {
          scored++;
          stream.score(w, to);
        },
        reset: () => {
          resets++;
          stream.reset();
        },
      };
      const d = new VoiceActivityDetector(counting, 8000, { ...defaultVadParams, silenceFloorDbfs });
      const events: { type: string; atMs: number }[] = [];
      let t = 0;
      for (const f of frames20(pcm, 8000)) {
        t += 20;
        await pushThrough(d, f, t, (e) => void (e.type !== 'speaking' && events.push(e)));
      }
      return { events, scored, resets, windows: Math.floor(pcm.length / 256) };
    };
    const every = await run(0, undefined);
    expect(every.scored).toBe(every.windows);
    expect(every.resets).toBe(0);
    expect(every.events.map((e) => e.type)).toEqual(['start', 'stop', 'start', 'stop']);
    const gated = await run(0, -60);
    // Speech and the first 250 ms (8 windows) of each of the three silences are scored; the rest is not.
    expect(gated.scored).toBeLessThan(every.windows * 0.6);
    expect(gated.scored).toBeGreaterThan(every.windows - (1500 + 2500 + 1500) / 32);
    expect(gated.events.map((e) => e.type)).toEqual(every.events.map((e) => e.type));
    // The model starts afresh where speech resumes after each of the two skipped silences.
    expect(gated.resets).toBe(2);
    // Both runs date each utterance as the plain test above does: onset within 100 ms, end within 25 ms.
    const { startMs, endMs } = speechBounds(speech.pcm, 8000);
    const speechAt = [1500, 1500 + (speech.pcm.length / 8000) * 1000 + 2500];
    for (const events of [every.events, gated.events])
      for (const [i, at] of speechAt.entries()) {
        expect(Math.abs(events[2 * i]!.atMs - (at + startMs))).toBeLessThan(100);
        expect(Math.abs(events[2 * i + 1]!.atMs - (at + endMs))).toBeLessThan(25);
      }
    // A line noisier than the floor (-50 dBFS) is scored throughout.
    const noisy = await run(10 ** (-50 / 20), -60);
    expect(noisy.scored).toBe(noisy.windows);
  });

  it('gives the same probabilities when windows of many calls run as one batch', async () => {
    const speech = await fliteSpeech('Batching must not change the answer.', 'kal');
    const windows: Float32Array[] = [];
    for (let i = 0; i + 256 <= speech.pcm.length; i += 256)
      windows.push(Float32Array.from(speech.pcm.subarray(i, i + 256), (v) => v / 32768));
    const alone = model.createStream(8000);
    const single: number[] = [];
    for (const w of windows) single.push(await probabilityOf(alone, w));
    const target = model.createStream(8000);
    const others = [1, 2, 3].map(() => model.createStream(8000));
    const noise = Float32Array.from({ length: 256 }, (_, i) => Math.sin(i) * 0.05);
    const batched: number[] = [];
    for (const w of windows) {
      const [p] = await Promise.all([
        probabilityOf(target, w),
        ...others.map((o) => probabilityOf(o, noise)),
      ]);
      batched.push(p);
    }
    expect(Math.max(...single)).toBeGreaterThan(0.5);
    for (let i = 0; i < single.length; i++) expect(batched[i]).toBeCloseTo(single[i]!, 4);
  });

  it('keeps one batch in flight: windows that become ready meanwhile go together as the next batch', async () => {
    const inline = await InlineSileroRunner.load(defaultSileroModelPath());
    const sizes: number[] = [];
    const counted = SileroVadModel.withRunner({
      run: (b) => {
        sizes.push(b.n);
        return inline.run(b);
      },
      close: () => inline.close(),
    });
    const noise = Float32Array.from({ length: 256 }, (_, i) => Math.sin(i) * 0.05);
    const streams = Array.from({ length: 100 }, () => counted.createStream(8000));
    const first = Promise.all(streams.map((s) => probabilityOf(s, noise)));
    await new Promise((r) => setImmediate(r));
    expect(sizes).toEqual([100]);
    const late = [1, 2, 3].map(() => probabilityOf(counted.createStream(8000), noise));
    await new Promise((r) => setImmediate(r));
    expect(sizes).toEqual([100]);
    const probs = await Promise.all([first, ...late]);
    expect(sizes).toEqual([100, 3]);
    expect(probs.flat().every((p) => p >= 0 && p < 0.5)).toBe(true);
    await counted.close();
  });

  it('answers each window once, lets an answer submit the next window, and refuses a second window in flight', async () => {
    const noise = Float32Array.from({ length: 256 }, (_, i) => Math.sin(i) * 0.05);
    const s = model.createStream(8000);
    const got: number[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const to = {
        scored: (p: number) => {
          got.push(p);
          if (got.length < 3) s.score(noise, to);
          else resolve();
        },
        failed: reject,
      };
      s.score(noise, to);
      expect(() => s.score(noise, to)).toThrow(/before the last window was answered/);
    });
    await done;
    expect(got).toHaveLength(3);
    // A listener that throws hears of it as a failure of that window, and the stream goes on.
    const failures: unknown[] = [];
    await new Promise<void>((resolve) =>
      s.score(noise, {
        scored: () => {
          throw new Error('listener broke');
        },
        failed: (e) => {
          failures.push(e);
          resolve();
        },
      }),
    );
    expect(failures.map((e) => (e as Error).message)).toEqual(['listener broke']);
    expect(await probabilityOf(s, noise)).toBeLessThan(0.5);
  });

  it('spaces batches at least the coalescing time apart, sending at once when idle', async () => {
    const inline = await InlineSileroRunner.load(defaultSileroModelPath());
    const clock = new ManualClock(0);
    const sentAt: number[] = [];
    const spaced = SileroVadModel.withRunner(
      {
        run: (b) => {
          sentAt.push(clock.monotonic());
          return inline.run(b);
        },
        close: () => inline.close(),
      },
      20,
      clock,
    );
    const noise = Float32Array.from({ length: 256 }, (_, i) => Math.sin(i) * 0.05);
    const [a, b, c] = [0, 1, 2].map(() => spaced.createStream(8000));
    await probabilityOf(a!, noise);
    expect(sentAt).toEqual([0]);
    await clock.advanceAsync(5);
    const both = Promise.all([probabilityOf(b!, noise), probabilityOf(c!, noise)]);
    await clock.advanceAsync(14);
    expect(sentAt).toEqual([0]);
    await clock.advanceAsync(1);
    await both;
    expect(sentAt).toEqual([0, 20]);
    await clock.advanceAsync(100);
    await probabilityOf(a!, noise);
    expect(sentAt).toEqual([0, 20, 120]);
    await spaced.close();
  });

  it('gives the same probabilities on its worker thread as inline', async () => {
    const speech = await fliteSpeech('Inference off the event loop.', 'kal');
    const worker = await SileroVadModel.load();
    try {
      const a = model.createStream(8000);
      const b = worker.createStream(8000);
      let speechWindows = 0;
      for (let i = 0; i + 256 <= speech.pcm.length; i += 256) {
        const w = Float32Array.from(speech.pcm.subarray(i, i + 256), (v) => v / 32768);
        const [pa, pb] = await Promise.all([probabilityOf(a, w), probabilityOf(b, w)]);
        expect(pb).toBeCloseTo(pa, 5);
        if (pa > 0.5) speechWindows++;
      }
      expect(speechWindows).toBeGreaterThan(10);
    } finally {
      await worker.close();
    }
  });

  it('fails to load with a clear error when the worker cannot open the model', async () => {
    await expect(SileroVadModel.load({ modelPath: '/nonexistent/silero.onnx' })).rejects.toThrow(
      /silero\.onnx|exit code|Load model/i,
    );
  });

  it('rejects rates the model does not run at', () => {
    expect(() => model.createStream(24000)).toThrow(/8000 or 16000/);
  });
});
