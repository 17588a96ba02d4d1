import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rms } from './audio/pcm.ts';
import { Resampler } from './audio/resampler.ts';
import { decodeWav } from './audio/wav.ts';
import type { CallHarness } from './testing/call-harness.ts';
import { fliteSpeech } from './testing/flite-speech.ts';
import { lines, onsetMs, SessionFixture } from './testing/session-fixture.ts';
import type { HttpFetch } from './tools/tool-runner.ts';

const fx = new SessionFixture();
const speech = fx.speech;
const call = (...args: Parameters<SessionFixture['call']>) => fx.call(...args);
beforeAll(() => fx.load());
afterAll(() => fx.close());

describe('CallSession conversation', () => {
  it('opens the LLM and TTS connections as the call starts and again as the caller starts speaking', async () => {
    const { h, llm, tts } = call({ utterances: [lines.book], replies: [{ text: 'Sure.' }] });
    await h.start();
    await h.run(300);
    expect([llm().prewarms, tts().prewarms]).toEqual([1, 1]);
    h.say(speech.get('book')!);
    expect(await h.runUntil(() => llm().prewarms > 1)).toBe(true);
    expect([llm().requests.length, tts().prewarms]).toEqual([0, llm().prewarms]);
    expect(await h.runUntil(() => llm().requests.length === 1)).toBe(true);
    h.transport.emitHangup();
    await h.session.result;
  });

  it('greets, answers a turn, and reports messages, latency and a stereo recording', async () => {
    const { h, llm } = call({
      config: { firstMessage: 'Hello, thanks for calling Acme.' },
      utterances: [lines.book],
      replies: [{ text: 'Sure, for what time?' }],
    });
    await h.start();
    await h.runUntil(() => h.now > 500 && !h.agentAudible);
    await h.run(700);
    const saidAt = h.now;
    h.say(speech.get('book')!);
    expect(
      await h.runUntil(() => h.transport.sent.some((f) => f.atMs > saidAt + 2000) && !h.agentAudible),
    ).toBe(true);
    await h.run(500);
    h.transport.emitHangup();
    const r = await h.session.result;
    expect(r).toMatchObject({ status: 'completed', end_reason: 'customer_hangup', error_message: null });
    expect(r.messages.map((m) => [m.role, m.content])).toEqual([
      ['assistant', 'Hello, thanks for calling Acme.'],
      ['user', lines.book],
      ['assistant', 'Sure, for what time?'],
    ]);
    expect(llm().requests[0]!.messages.map((m) => m.role)).toEqual(['system', 'assistant', 'user']);
    const e2e = r.latency.e2e.p50_ms!;
    // This fake STT finalises only 100 ms after the flush at the VAD's stop (Silero decays for
    // ~130 ms, then 100 ms of silence), so its final, not the 300 ms wait, ends the turn.
    const eou = r.latency.eou_delay.p50_ms!;
    expect(r.latency.eou_delay).toMatchObject({ samples: 1, provider: 'silero' });
    expect(eou).toBeGreaterThanOrEqual(300);
    expect(eou).toBeLessThanOrEqual(400);
    expect(r.latency.stt.p50_ms).toBe(eou);
    // Then 200 ms LLM first token + 100 ms TTS first audio.
    expect(e2e).toBeGreaterThanOrEqual(eou + 300);
    expect(e2e).toBeLessThanOrEqual(eou + 330);
    expect(r.latency.llm_ttft).toMatchObject({ samples: 1, p50_ms: 200, provider: 'fake' });
    expect(r.latency.tts_ttfb).toMatchObject({ samples: 2, p50_ms: 100 });
    expect(r.latency.connect.active_to_greeting_ms).toBe(100);
    expect(r.latency.events.filter((e) => e.turn === 1).map((e) => e.type)).toEqual([
      'eou_delay',
      'stt',
      'llm_ttft',
      'tts_ttfb',
      'e2e',
    ]);
    expect(r.output.underruns).toBe(0);
    const wav = decodeWav(r.recording!.wav);
    const [left, right] = wav.channels as [Int16Array, Int16Array];
    const at = (ms: number) => Math.round((ms * 8000) / 1000);
    const callerOnset = saidAt + onsetMs(speech.get('book')!);
    expect(rms(left.subarray(at(callerOnset), at(callerOnset + 500)))).toBeGreaterThan(0.01);
    expect(rms(left.subarray(0, at(saidAt)))).toBe(0);
    expect(rms(right.subarray(at(150), at(1000)))).toBeGreaterThan(0.1);
    expect(rms(right.subarray(at(saidAt), at(callerOnset + 1000)))).toBe(0);
  });

  it('barge-in clears the transport within 150 ms of speech onset and truncates the stored message', async () => {
    const long = 'Our menu has many options. We serve breakfast, lunch and dinner every day of the week.';
    const { h } = call({
      utterances: [lines.book, lines.stop],
      replies: [{ text: long }, { text: 'Of course, go ahead.' }],
    });
    await h.start();
    h.say(speech.get('book')!);
    await h.runUntil(() => h.transport.sent.length > 0);
    await h.run(1200);
    const saidAt = h.now;
    h.say(speech.get('stop')!);
    await h.runUntil(() => h.transport.clears > 0, 1000);
    const onset = saidAt + onsetMs(speech.get('stop')!);
    const clearAt = Number(h.transport.events.find((e) => e.startsWith('clear@'))!.slice(6));
    expect(clearAt - onset).toBeLessThanOrEqual(150);
    await h.runUntil(() => h.queuedMs === 0);
    await h.run(3000);
    const r = await h.session.stop();
    expect(r.end_reason).toBe('api_stop');
    const assistant = r.messages.filter((m) => m.role === 'assistant');
    expect(assistant[0]!.interrupted).toBe(true);
    expect(long.startsWith(assistant[0]!.content)).toBe(true);
    expect(assistant[0]!.content.length).toBeLessThan(long.length / 2);
    expect(r.messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual([
      lines.book,
      lines.stop,
    ]);
    expect(assistant[1]).toMatchObject({ content: 'Of course, go ahead.' });
  });

  it('hears what the caller said before the engine attached, dated when it was said', async () => {
    const { h } = call({ utterances: [lines.book], replies: [{ text: 'Sure, for what time?' }] });
    await h.start();
    await h.run(3000);
    // The transport kept the sentence and a second of silence while call setup was busy, and hands
    // it all over at once: the last frame arrived just now, the first one 20 ms per frame earlier.
    const pcm = speech.get('book')!;
    const frames = Math.ceil(pcm.length / 160) + 50;
    for (let i = 0; i < frames; i++) {
      const f = new Int16Array(160);
      f.set(pcm.subarray(i * 160, i * 160 + 160));
      h.transport.emitAudio(f, (frames - 1 - i) * 20);
    }
    expect(await h.runUntil(() => h.transport.sent.length > 0, 3000)).toBe(true);
    await h.run(3000);
    const r = await h.session.stop();
    expect(r.messages.map((m) => [m.role, m.content])).toEqual([
      ['user', lines.book],
      ['assistant', 'Sure, for what time?'],
    ]);
    // The caller stopped speaking about a second before the burst: the reply is that much later for them.
    expect(r.latency.e2e.p50_ms!).toBeGreaterThan(1000 + 300);
    expect(r.latency.e2e.p50_ms!).toBeLessThan(1000 + 1000);
  });

  it('a backchannel does not interrupt: the reply plays to the end', async () => {
    const reply = 'Let me tell you about our opening hours. We open at nine and close at ten.';
    const { h } = call({ utterances: [lines.book, lines.uhhuh], replies: [{ text: reply }] });
    await h.start();
    h.say(speech.get('book')!);
    await h.runUntil(() => h.transport.sent.length > 0);
    await h.run(1000);
    h.say(speech.get('uhhuh')!);
    await h.run(6000);
    const r = await h.session.stop();
    const assistant = r.messages.filter((m) => m.role === 'assistant');
    expect(assistant).toEqual([expect.objectContaining({ content: reply })]);
    expect(assistant[0]!.interrupted).toBeUndefined();
    expect(r.messages.filter((m) => m.role === 'user')).toHaveLength(1);
  });

  it('speaks a filler while an api_call tool runs, then answers with its result', async () => {
    let clockRef!: CallHarness['clock'];
    const seen: string[] = [];
    const fetch: HttpFetch = (url) =>
      new Promise((resolve) => {
        seen.push(url);
        clockRef.setTimeout(() => resolve(Response.json({ open: '9:00' })), 1500);
      });
    const { h, llm } = call({
      config: {
        tools: [
          {
            name: 'opening_hours',
            type: 'api_call',
            description: 'Look up opening hours',
            url: 'https://api.example.test/hours',
            method: 'GET',
            parameters: [],
            speak_during_execution: true,
          },
        ],
      },
      utterances: [lines.book],
      replies: [
        { toolCalls: [{ id: 't1', name: 'opening_hours', arguments: '{}' }] },
        { text: 'We open at nine.' },
      ],
      fetch,
    });
    clockRef = h.clock;
    await h.start();
    h.say(speech.get('book')!);
    await h.runUntil(() => seen.length > 0, 10_000);
    const toolStart = h.now;
    await h.run(1000);
    expect(h.transport.sent.some((f) => f.atMs > toolStart)).toBe(true);
    await h.run(4000);
    const r = await h.session.stop();
    expect(r.messages.map((m) => [m.role, m.content])).toEqual([
      ['user', lines.book],
      ['tool', '{"status":200,"body":{"open":"9:00"}}'],
      ['assistant', 'One moment, please.'],
      ['assistant', 'We open at nine.'],
    ]);
    expect(r.latency.events.find((e) => e.type === 'tool:opening_hours')?.ms).toBe(1500);
    expect(llm().requests[1]!.messages.at(-1)).toMatchObject({ role: 'tool', name: 'opening_hours' });
  });

  it('puts DTMF into the conversation, and shows frames to extra observers', async () => {
    const seen: string[] = [];
    const observers = [{ onFrame: (f: { type: string }) => seen.push(f.type) }];
    const { h, llm } = call({ replies: [{ text: 'Thanks.' }], observers });
    await h.start();
    h.transport.emitDtmf('4');
    h.transport.emitDtmf('2');
    h.transport.emitDtmf('#');
    await h.runUntil(() => h.transport.sent.length > 0, 3000);
    await h.session.stop();
    expect(llm().requests[0]!.messages.at(-1)).toEqual({ role: 'user', content: 'DTMF: 42#' });
    expect(seen.filter((t) => t.startsWith('agent.') || t === 'dtmf' || t === 'user.turn')).toEqual([
      'dtmf',
      'dtmf',
      'dtmf',
      'user.turn',
      'agent.speech_created',
      'agent.started_speaking',
      'agent.speech_done',
    ]);
  });

  it('runs a 48 kHz web call: caller audio resampled to 16 kHz for VAD/STT, agent audio out at 48 kHz', async () => {
    const { h, stt } = call({
      rates: { input: 48000, output: 48000 },
      utterances: [lines.book],
      replies: [{ text: 'Hi!' }],
    });
    await h.start();
    const slt = await fliteSpeech(lines.book, 'slt');
    const up = new Resampler(16000, 48000);
    h.say(up.process(slt.pcm).slice());
    await h.runUntil(() => h.transport.sent.length > 0, 15_000);
    await h.run(1000);
    const r = await h.session.stop();
    expect(stt().streams[0]!.opts.sampleRate).toBe(16000);
    expect(h.transport.sent.every((f) => f.pcm.length === 960)).toBe(true);
    expect(r.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(r.recording!.sampleRate).toBe(16000);
  });
});
