import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../lib/clock.ts';
import { OpenAiTranscriptionStt } from './openai-transcription.ts';
import { describeSttContract, SttEventLog, utteranceFrames } from './stt.contract.ts';
import { WhisperDouble } from './testing/whisper-double.ts';

const apiKey = 'sk-whisper';

describeSttContract('OpenAiTranscriptionStt', async () => {
  const double = await WhisperDouble.start({ apiKey });
  return {
    stt: new OpenAiTranscriptionStt({ baseUrl: double.baseUrl, apiKey, clock: systemClock }),
    sampleRate: 16_000,
    script: (t) => double.script(t),
    fail: (status) => double.fail(status),
    close: () => double.close(),
  };
});

describe('OpenAiTranscriptionStt on the wire', () => {
  let double: WhisperDouble;
  beforeAll(async () => {
    double = await WhisperDouble.start({ apiKey });
  });
  afterAll(() => double.close());

  it('uploads each flushed utterance as a WAV with model, ISO-639-1 language and json format', async () => {
    double.script('hello');
    const log = new SttEventLog();
    const stt = new OpenAiTranscriptionStt({
      provider: 'whisper',
      baseUrl: double.baseUrl,
      apiKey,
      clock: systemClock,
      defaultModel: 'large-v3',
    });
    const stream = stt.stream({ language: 'en-US', sampleRate: 8000 }, log.onEvent);
    const frames = utteranceFrames(8000, 300, 100);
    for (const f of frames) {
      stream.pushAudio(f);
      f.fill(0); // the caller reuses its buffer: the adapter must have copied it
    }
    stream.flush();
    const final = await log.next((e) => e.type === 'final');
    expect(final).toEqual({ type: 'final', text: 'hello', speechFinal: true, startMs: 0, endMs: 400 });
    expect(double.uploads.at(-1)).toEqual({
      model: 'large-v3',
      language: 'en',
      responseFormat: 'json',
      sampleRate: 8000,
      samples: 3200,
    });
    expect(double.http.lastRequest!.headers.authorization).toBe(`Bearer ${apiKey}`);
    await stream.close();
  });

  it('answers an empty final without a request for under 0.1 s of audio', async () => {
    const before = double.uploads.length;
    const log = new SttEventLog();
    const stream = new OpenAiTranscriptionStt({ baseUrl: double.baseUrl, apiKey, clock: systemClock }).stream(
      { language: 'en', sampleRate: 8000 },
      log.onEvent,
    );
    stream.pushAudio(new Int16Array(400));
    stream.flush();
    expect(await log.next((e) => e.type === 'final')).toMatchObject({ text: '', speechFinal: true });
    expect(double.uploads.length).toBe(before);
    await stream.close();
  });

  it('keeps the stream usable after a failed upload (non-fatal error)', async () => {
    const log = new SttEventLog();
    const stream = new OpenAiTranscriptionStt({ baseUrl: double.baseUrl, apiKey, clock: systemClock }).stream(
      { language: 'en', sampleRate: 8000 },
      log.onEvent,
    );
    double.fail(500);
    for (const f of utteranceFrames(8000, 200, 0)) stream.pushAudio(f);
    stream.flush();
    expect(await log.next((e) => e.type === 'error')).toMatchObject({
      fatal: false,
      error: { retryable: true },
    });
    double.script('second try');
    for (const f of utteranceFrames(8000, 200, 0)) stream.pushAudio(f);
    stream.flush();
    expect(await log.next((e) => e.type === 'final')).toMatchObject({
      text: 'second try',
      startMs: 200,
      endMs: 400,
    });
    await stream.close();
  });
});
