import { describe, expect, it } from 'vitest';
import { decodeWav } from '../audio/wav.ts';
import type { Frame } from '../frames.ts';
import { SpeechHandle } from '../speech-handle.ts';
import { LatencyObserver, latencyStat } from './latency.ts';
import { MessagesObserver } from './messages.ts';
import { RecordingObserver } from './recording.ts';

const turn = (text: string, startMs: number, speechEndMs: number, atMs = speechEndMs + 300): Frame => ({
  kind: 'data',
  type: 'user.turn',
  text,
  source: 'speech',
  startMs,
  speechEndMs,
  atMs,
});
const speechDone = (text: string, startMs: number, endMs: number, interrupted = false): Frame => ({
  kind: 'system',
  type: 'agent.speech_done',
  speech: new SpeechHandle({ id: 1, allowInterruptions: true, source: 'reply' }),
  text,
  startMs,
  endMs,
  interrupted,
});
const metric = (name: 'stt' | 'llm_ttft' | 'tts_ttfb' | 'eou_delay', ms: number, provider = 'p'): Frame => ({
  kind: 'system',
  type: 'metric',
  name,
  ms,
  provider,
});
const started = (source: 'reply' | 'greeting', atMs: number): Frame => ({
  kind: 'system',
  type: 'agent.started_speaking',
  speech: new SpeechHandle({ id: 1, allowInterruptions: source === 'reply', source }),
  atMs,
});

describe('MessagesObserver', () => {
  it('lists user turns, heard agent speech (flagging interruptions) and tool calls in start order', () => {
    const o = new MessagesObserver();
    for (const f of [
      speechDone('Hello, how can I help?', 0, 1500),
      turn('What time is it', 2000, 3000),
      {
        kind: 'system',
        type: 'tool.result',
        callId: 'c',
        name: 'clock',
        arguments: { tz: 'UTC' },
        result: { time: '10:00' },
        startMs: 3500,
        endMs: 3600,
      } as Frame,
      speechDone('It is ten', 3300, 4200, true),
      speechDone('', -1, -1),
    ])
      o.onFrame(f);
    expect(o.messages()).toEqual([
      { role: 'assistant', content: 'Hello, how can I help?', start_ms: 0, end_ms: 1500 },
      { role: 'user', content: 'What time is it', start_ms: 2000, end_ms: 3000 },
      { role: 'assistant', content: 'It is ten', start_ms: 3300, end_ms: 4200, interrupted: true },
      {
        role: 'tool',
        content: '{"time":"10:00"}',
        start_ms: 3500,
        end_ms: 3600,
        name: 'clock',
        arguments: { tz: 'UTC' },
        result: { time: '10:00' },
      },
    ]);
  });
});

describe('LatencyObserver', () => {
  it('aggregates with nearest-rank percentiles, and nulls without samples', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(latencyStat(values, new Set(['a', 'b']))).toEqual({
      avg_ms: 50.5,
      p50_ms: 50,
      p90_ms: 90,
      p99_ms: 99,
      min_ms: 1,
      max_ms: 100,
      samples: 100,
      provider: 'a,b',
    });
    expect(latencyStat([], new Set())).toMatchObject({
      avg_ms: null,
      p99_ms: null,
      samples: 0,
      provider: null,
    });
  });

  it('tags samples with their turn and measures e2e from end of speech to first reply audio', () => {
    const o = new LatencyObserver();
    for (const f of [
      metric('tts_ttfb', 90, 'flite'),
      started('greeting', 100),
      turn('hi', 1000, 2000),
      metric('eou_delay', 300, 'silero'),
      metric('stt', 120, 'deepgram'),
      metric('llm_ttft', 200, 'openai'),
      metric('tts_ttfb', 110, 'flite'),
      started('reply', 2620),
      turn('bye', 4000, 5000),
      started('reply', 5900),
    ])
      o.onFrame(f);
    o.setConnect({ setup_ms: 12, active_to_greeting_ms: 100 });
    const r = o.result();
    expect(r.e2e).toMatchObject({ samples: 2, min_ms: 620, max_ms: 900, provider: 'parley' });
    expect(r.tts_ttfb).toMatchObject({ samples: 2, avg_ms: 100, provider: 'flite' });
    expect(r.events).toEqual([
      { turn: 0, type: 'tts_ttfb', ms: 90 },
      { turn: 1, type: 'eou_delay', ms: 300 },
      { turn: 1, type: 'stt', ms: 120 },
      { turn: 1, type: 'llm_ttft', ms: 200 },
      { turn: 1, type: 'tts_ttfb', ms: 110 },
      { turn: 1, type: 'e2e', ms: 620 },
      { turn: 2, type: 'e2e', ms: 900 },
    ]);
    expect(r.connect).toEqual({
      setup_ms: 12,
      dispatch_to_answer_ms: null,
      answer_to_active_ms: null,
      active_to_greeting_ms: 100,
    });
  });
});

describe('RecordingObserver', () => {
  const rate = 8000;
  const frame = (v: number) => new Int16Array(160).fill(v);
  const audioIn = (ptsMs: number, v: number): Frame => ({
    kind: 'data',
    type: 'audio.in',
    pcm: frame(v),
    sampleRate: rate,
    ptsMs,
  });
  const audioOut = (atMs: number, v: number, sampleRate = rate): Frame => ({
    kind: 'system',
    type: 'audio.out',
    pcm: new Int16Array(sampleRate / 50).fill(v),
    sampleRate,
    atMs,
  });

  it('aligns caller (left) and agent (right) audio in call time and drops cleared agent audio', () => {
    const o = new RecordingObserver(rate);
    for (let t = 20; t <= 1000; t += 20) o.onFrame(audioIn(t, 100));
    // The agent starts at 500 ms with a 3-frame lead, then one frame per 20 ms; cleared at 600 ms.
    for (const at of [500, 500, 500, 520, 540, 560, 580, 600]) o.onFrame(audioOut(at, 7));
    o.onFrame({ kind: 'system', type: 'output.cleared', atMs: 600 });
    const wav = decodeWav(o.wav(1200));
    expect(wav.sampleRate).toBe(rate);
    const [left, right] = wav.channels as [Int16Array, Int16Array];
    expect(left.length).toBe(9600);
    expect(left[0]).toBe(100);
    expect(left[7999]).toBe(100);
    expect(left[8000]).toBe(0);
    expect(right[3999]).toBe(0);
    expect(right[4000]).toBe(7);
    expect(right[4799]).toBe(7);
    expect(right[4800]).toBe(0);
  });

  it('leaves silence for gaps and resamples agent audio to the recording rate', () => {
    const o = new RecordingObserver(rate);
    o.onFrame(audioIn(20, 1));
    o.onFrame(audioIn(1020, 2));
    for (let t = 0; t < 200; t += 20) o.onFrame(audioOut(t, 8000, 16000));
    const { caller, agent } = o.channels();
    expect(caller[100]).toBe(1);
    expect(caller[4000]).toBe(0);
    expect(caller[8000]).toBe(2);
    expect(agent.length).toBeGreaterThanOrEqual(1590);
    expect(Math.abs(agent[1000]! - 8000)).toBeLessThan(50);
  });
});
