import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.ts';
import { CallClock } from '../call-clock.ts';
import type { Frame } from '../frames.ts';
import { SpeechHandle } from '../speech-handle.ts';
import { FakeTransport } from '../testing/fake-transport.ts';
import { ProcessorHarness } from '../testing/run-processor.ts';
import { AudioOutputProcessor } from './audio-output.ts';

const RATE = 8000;

/** `ms` of audio whose sample values count up from `from`, so positions can be checked. */
function ramp(ms: number, from = 0): Int16Array {
  const out = new Int16Array((ms * RATE) / 1000);
  for (let i = 0; i < out.length; i++) out[i] = (from + i) % 30000;
  return out;
}

function setup(opts: { marks?: boolean; allowInterruptions?: boolean; framesPerSend?: number } = {}) {
  const clock = new ManualClock(0);
  const transport = new FakeTransport(clock, RATE, RATE, opts.marks ?? false, opts.framesPerSend);
  const output = new AudioOutputProcessor(transport, new CallClock(clock));
  transport.attach({
    audio: () => {},
    dtmf: () => {},
    hangup: () => {},
    markPlayed: (id) => output.markPlayed(id),
  });
  const h = new ProcessorHarness(output, clock);
  const speech = new SpeechHandle({
    id: 1,
    allowInterruptions: opts.allowInterruptions ?? true,
    source: 'reply',
  });
  const f = {
    start: (): Frame => ({ kind: 'control', type: 'speech.start', speech }),
    sentence: (text: string): Frame => ({ kind: 'control', type: 'tts.sentence', speech, text }),
    audio: (pcm: Int16Array): Frame => ({ kind: 'data', type: 'tts.audio', speech, pcm }),
    end: (): Frame => ({ kind: 'control', type: 'speech.end', speech }),
  };
  return { clock, transport, output, h, speech, f };
}

describe('AudioOutputProcessor', () => {
  it('paces a speech in real time: a 220 ms lead, then one 20 ms frame per 20 ms, then settles the handle', async () => {
    const { transport, h, speech, f } = setup();
    await h.send([f.start(), f.sentence('Hello there.'), f.audio(ramp(1000)), f.end()]);
    expect(transport.sent).toHaveLength(11);
    expect(h.of('agent.started_speaking', 'up')[0]).toMatchObject({ atMs: 0 });
    await h.settle(100);
    expect(transport.sent).toHaveLength(16);
    expect(transport.sent.every((s) => s.pcm.length === 160)).toBe(true);
    await h.settle(880);
    expect(transport.sent).toHaveLength(50);
    expect(speech.isDone).toBe(false);
    await h.settle(40);
    expect(await speech.done).toEqual({ text: 'Hello there.', interrupted: false, startMs: 0, endMs: 1000 });
    expect(h.of('agent.speech_done', 'up')).toHaveLength(1);
    // Frames left at their due times: never more than the lead ahead of real time.
    for (let i = 11; i < 50; i++) expect(transport.sent[i]!.atMs).toBe((i - 10) * 20);
  });

  it('sends two frames at a time to a transport that takes them: a 240 ms lead, then 40 ms every 40 ms', async () => {
    const { transport, h, speech, f } = setup({ framesPerSend: 2 });
    const audio = ramp(1010);
    await h.send([f.start(), f.sentence('Hello there.'), f.audio(audio), f.end()]);
    expect(transport.sent.map((s) => [s.atMs, s.pcm.length])).toEqual(Array(6).fill([0, 320]));
    await h.settle(1100);
    // 1010 ms is 50 whole frames and a last one padded with silence, which goes on its own.
    expect(transport.sent.map((s) => s.pcm.length)).toEqual([...Array(25).fill(320), 160]);
    for (let i = 6; i < 25; i++) expect(transport.sent[i]!.atMs).toBe((i - 5) * 40);
    const played = new Int16Array(transport.sentSamples);
    let at = 0;
    for (const s of transport.sent) {
      played.set(s.pcm, at);
      at += s.pcm.length;
    }
    expect(played.subarray(0, audio.length)).toEqual(audio);
    expect(played.subarray(audio.length).every((v) => v === 0)).toBe(true);
    // Before each paced send, at least 200 ms of what was sent earlier is still unplayed.
    let before = 0;
    transport.sent.forEach((s, i) => {
      if (i >= 6) expect(before - (s.atMs * RATE) / 1000).toBeGreaterThanOrEqual(1600);
      before += s.pcm.length;
    });
    expect(await speech.done).toMatchObject({ text: 'Hello there.', interrupted: false, startMs: 0 });
  });

  it('sends each mark right after the send that carries its position, two frames per send', async () => {
    const { transport, h, f } = setup({ marks: true, framesPerSend: 2 });
    const at: number[] = [];
    const mark = transport.mark.bind(transport);
    transport.mark = (id) => {
      at.push(transport.sentSamples);
      mark(id);
    };
    await h.send([f.start(), f.sentence('Marked.'), f.audio(ramp(470)), f.end()]);
    await h.settle(600);
    // Every 10 frames (1 600 samples), and at the end (24 frames, the last padded).
    expect(at).toEqual([1600, 3200, 3840]);
    expect(transport.marks.map((id) => Number(id.split(':')[2]))).toEqual([1600, 3200, 3760]);
  });

  it('has no underruns when audio arrives faster than real time, and counts a late gap', async () => {
    const { output, transport, h, f } = setup();
    await h.send([f.start(), f.sentence('One.'), f.audio(ramp(200))]);
    for (let i = 1; i <= 5; i++) {
      await h.settle(100);
      await h.send(f.audio(ramp(200, i * 1600)));
    }
    expect(output.stats.underruns).toBe(0);
    await h.settle(1000);
    expect(transport.sent).toHaveLength(60);
    await h.settle(300);
    await h.send(f.audio(ramp(200)));
    expect(output.stats.underruns).toBe(1);
  });

  it('on interruption clears the transport and keeps only the words the caller heard', async () => {
    const { transport, h, speech, f } = setup();
    await h.send([f.start(), f.sentence('First sentence here.'), f.audio(ramp(400))]);
    await h.send([f.sentence('Second one has five words.'), f.audio(ramp(1000)), f.end()]);
    await h.settle(600);
    h.pipeline.interrupt();
    await h.settle();
    expect(transport.clears).toBe(1);
    const r = await speech.done;
    expect(r.interrupted).toBe(true);
    // 600 ms played: all of sentence one (400 ms) and 200 of 1000 ms of sentence two → 1 of 5 words.
    expect(r.text).toBe('First sentence here. Second');
    expect(r.endMs).toBe(600);
    expect(h.of('output.cleared')).toHaveLength(1);
    const sentBefore = transport.sent.length;
    await h.settle(500);
    expect(transport.sent.length).toBe(sentBefore);
  });

  it('pauses (clear) and resumes from the position the caller last heard', async () => {
    const { transport, h, speech, f } = setup();
    await h.send([f.start(), f.sentence('A long reply.'), f.audio(ramp(1000)), f.end()]);
    await h.settle(200);
    await h.send({ kind: 'system', type: 'output.pause' });
    expect(transport.clears).toBe(1);
    await h.settle(500);
    const sentWhilePaused = transport.sent.filter((s) => s.atMs > 200);
    expect(sentWhilePaused).toHaveLength(0);
    await h.send({ kind: 'system', type: 'output.resume' });
    // The first frame after resuming starts at sample 200 ms × 8 = 1600.
    const resumed = transport.sent.find((s) => s.atMs >= 700)!;
    expect(resumed.pcm[0]).toBe(1600);
    await h.settle(1000);
    expect(await speech.done).toMatchObject({ text: 'A long reply.', interrupted: false, endMs: 1500 });
  });

  it('ignores pause and interruption for an uninterruptible speech', async () => {
    const { transport, h, speech, f } = setup({ allowInterruptions: false });
    await h.send([f.start(), f.sentence('Welcome.'), f.audio(ramp(300)), f.end()]);
    await h.send({ kind: 'system', type: 'output.pause' });
    h.pipeline.interrupt();
    await h.settle(400);
    expect(transport.clears).toBe(0);
    expect(await speech.done).toMatchObject({ text: 'Welcome.', interrupted: false });
  });

  it('settles a speech with no audio at once, with empty text', async () => {
    const { h, speech, f } = setup();
    await h.send([f.start(), f.end()]);
    expect(await speech.done).toEqual({ text: '', interrupted: false, startMs: -1, endMs: -1 });
  });

  it('tracks playout from marks when the transport acknowledges them', async () => {
    const { transport, h, speech, f } = setup({ marks: true });
    await h.send([f.start(), f.sentence('Marked speech.'), f.audio(ramp(400)), f.end()]);
    await h.settle(500);
    expect(transport.marks.length).toBeGreaterThanOrEqual(2);
    // The carrier lags: it has acknowledged only the first mark (200 ms) at 500 ms.
    transport.ackMark();
    h.pipeline.interrupt();
    await h.settle();
    const r = await speech.done;
    expect(r.interrupted).toBe(true);
    expect(r.text).toBe('Marked');
  });
});
