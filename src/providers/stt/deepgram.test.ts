import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../lib/clock.ts';
import { DeepgramStt } from './deepgram.ts';
import { listenUrl } from './deepgram-messages.ts';
import { describeSttContract, SttEventLog, utteranceFrames } from './stt.contract.ts';
import { DeepgramDouble } from './testing/deepgram-double.ts';

const apiKey = 'dg-key-1';

describeSttContract('DeepgramStt', async () => {
  const double = await DeepgramDouble.start({ apiKey });
  return {
    stt: new DeepgramStt({ baseUrl: double.baseUrl, apiKey, clock: systemClock }),
    sampleRate: 8000,
    script: (t) => double.script(t),
    fail: (status) => double.fail(status),
    close: () => double.close(),
  };
});

const until = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 2));
};

describe('DeepgramStt on the wire', () => {
  let double: DeepgramDouble;
  beforeAll(async () => {
    double = await DeepgramDouble.start({ apiKey, endpointingMs: 300 });
  });
  afterAll(() => double.close());

  it('derives wss/ws from the https/http base URL', () => {
    const q = new URLSearchParams({ model: 'nova-3' });
    expect(listenUrl('https://api.deepgram.com', q)).toBe('wss://api.deepgram.com/v1/listen?model=nova-3');
    expect(listenUrl('http://127.0.0.1:9/', q)).toBe('ws://127.0.0.1:9/v1/listen?model=nova-3');
  });

  it('connects with Token auth and the documented query, and sends audio as binary PCM16', async () => {
    const stt = new DeepgramStt({ baseUrl: double.baseUrl, apiKey, clock: systemClock });
    const stream = stt.stream({ language: 'en-US', sampleRate: 16_000, endpointingMs: 250 }, () => {});
    const frames = utteranceFrames(16_000, 200, 0);
    for (const f of frames) stream.pushAudio(f);
    await until(() => (double.sessions.at(-1)?.audioBytes ?? 0) >= frames.length * 640);
    const s = double.sessions.at(-1)!;
    expect(s.headers.authorization).toBe(`Token ${apiKey}`);
    expect(Object.fromEntries(s.query)).toEqual({
      model: 'nova-3',
      language: 'en-US',
      encoding: 'linear16',
      sample_rate: '16000',
      channels: '1',
      interim_results: 'true',
      endpointing: '250',
      utterance_end_ms: '1000',
      vad_events: 'true',
      punctuate: 'true',
    });
    await stream.close();
    expect(s.controls.at(-1)).toEqual({ type: 'CloseStream' });
  });

  it('maps SpeechStarted, endpointed speech_final results and UtteranceEnd', async () => {
    double.script('book a table for two');
    const log = new SttEventLog();
    const stream = new DeepgramStt({ baseUrl: double.baseUrl, apiKey, clock: systemClock }).stream(
      { language: 'en', sampleRate: 8000 },
      log.onEvent,
    );
    for (const f of utteranceFrames(8000, 500, 400)) stream.pushAudio(f);
    const final = await log.next((e) => e.type === 'final');
    await log.next((e) => e.type === 'utterance_end');
    expect(log.events[0]).toEqual({ type: 'speech_started', atMs: 0 });
    expect(final).toMatchObject({
      type: 'final',
      text: 'book a table for two',
      speechFinal: true,
      startMs: 0,
    });
    await stream.close();
  });

  it('gets one final per utterance when the double answers with a latency', async () => {
    const slow = await DeepgramDouble.start({ apiKey, endpointingMs: 100, finalDelayMs: 20 });
    slow.script('only once');
    const log = new SttEventLog();
    const stream = new DeepgramStt({ baseUrl: slow.baseUrl, apiKey, clock: systemClock }).stream(
      { language: 'en', sampleRate: 8000 },
      log.onEvent,
    );
    for (const f of utteranceFrames(8000, 300, 400)) stream.pushAudio(f);
    await log.next((e) => e.type === 'utterance_end');
    await stream.close();
    await slow.close();
    expect(log.events.filter((e) => e.type === 'final')).toEqual([
      { type: 'final', text: 'only once', speechFinal: true, startMs: 0, endMs: 400, confidence: 0.98 },
    ]);
  });

  it('sends audio in 100 ms messages, and what is pending before Finalize and CloseStream', async () => {
    const stream = new DeepgramStt({ baseUrl: double.baseUrl, apiKey, clock: systemClock }).stream(
      { language: 'en', sampleRate: 8000 },
      () => {},
    );
    const before = double.sessions.length;
    // 13 frames of 20 ms = two full 1600-byte messages and 60 ms pending.
    const frame = new Int16Array(160);
    for (let i = 0; i < 13; i++) stream.pushAudio(frame.fill(i));
    await until(() => double.sessions.length > before && double.sessions.at(-1)!.audioBytes === 3200);
    const s = double.sessions.at(-1)!;
    expect(s.audioMessages).toBe(2);
    expect(s.controls).toEqual([]);
    stream.flush();
    await until(() => s.controls.length === 1);
    expect(s).toMatchObject({ audioBytes: 13 * 320, audioMessages: 3, controls: [{ type: 'Finalize' }] });
    // An odd-sized push straddles a message boundary without losing a sample.
    stream.pushAudio(new Int16Array(900));
    await stream.close();
    expect(s).toMatchObject({ audioBytes: 13 * 320 + 1800, audioMessages: 5 });
    expect(s.controls.at(-1)).toEqual({ type: 'CloseStream' });
  });

  it('sends the samples it was given, in order, across message boundaries', async () => {
    const keeper = await DeepgramDouble.start({ apiKey, keepAudio: true });
    const stream = new DeepgramStt({ baseUrl: keeper.baseUrl, apiKey, clock: systemClock }).stream(
      { language: 'en', sampleRate: 8000 },
      () => {},
    );
    const sent: number[] = [];
    for (let i = 0; i < 7; i++) {
      const f = Int16Array.from({ length: 230 }, (_, j) => i * 230 + j);
      sent.push(...f);
      stream.pushAudio(f);
      f.fill(0); // the caller may reuse its array at once
    }
    await until(() => (keeper.sessions[0]?.audioMessages ?? 0) > 0);
    await stream.close();
    const s = keeper.sessions[0]!;
    await keeper.close();
    const got = Buffer.concat(s.audio);
    expect([...new Int16Array(got.buffer, got.byteOffset, got.length / 2)]).toEqual(sent);
    expect(s.audio.map((b) => b.length)).toEqual([1600, 1600, 20]);
  });

  it('sends KeepAlive after 5 s without audio on the injected clock', async () => {
    const clock = new ManualClock();
    // 20 ms messages: the one frame below goes out at once.
    const stream = new DeepgramStt({ baseUrl: double.baseUrl, apiKey, clock, audioChunkMs: 20 }).stream(
      { language: 'en', sampleRate: 8000 },
      () => {},
    );
    const before = double.sessions.length;
    stream.pushAudio(new Int16Array(160));
    await until(() => double.sessions.length > before && double.sessions.at(-1)!.audioBytes === 320);
    const s = double.sessions.at(-1)!;
    clock.advance(4999);
    clock.advance(1);
    await until(() => s.controls.length > 0);
    expect(s.controls).toEqual([{ type: 'KeepAlive' }]);
    const closing = stream.close();
    clock.advance(2000);
    await closing;
  });

  it('reports a dropped connection as a fatal retryable error', async () => {
    const log = new SttEventLog();
    const stream = new DeepgramStt({
      baseUrl: double.baseUrl,
      apiKey,
      clock: systemClock,
      audioChunkMs: 20,
    }).stream({ language: 'en', sampleRate: 8000 }, log.onEvent);
    const before = double.sessions.length;
    stream.pushAudio(new Int16Array(160));
    await until(() => double.sessions.length > before && double.sessions.at(-1)!.audioBytes === 320);
    double.sessions.at(-1)!.socket.close(1011, 'NET-0001');
    const e = await log.next((x) => x.type === 'error');
    expect(e).toMatchObject({
      fatal: true,
      error: { retryable: true, message: expect.stringContaining('NET-0001') },
    });
    await stream.close();
  });

  it('reports a refused connection as a retryable error', async () => {
    const gone = await DeepgramDouble.start();
    const baseUrl = gone.baseUrl;
    await gone.close();
    const log = new SttEventLog();
    const stream = new DeepgramStt({ baseUrl, apiKey, clock: systemClock }).stream(
      { language: 'en', sampleRate: 8000 },
      log.onEvent,
    );
    expect(await log.next((x) => x.type === 'error')).toMatchObject({
      fatal: true,
      error: { retryable: true },
    });
    await stream.close();
  });
});
