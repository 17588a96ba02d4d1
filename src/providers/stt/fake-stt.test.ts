import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.ts';
import { ProviderError } from '../errors.ts';
import { FakeStt } from './fake-stt.ts';
import { describeSttContract, SttEventLog, utteranceFrames } from './stt.contract.ts';

describeSttContract('FakeStt', async () => {
  const stt = new FakeStt();
  return {
    stt,
    sampleRate: 8000,
    script: (text) => stt.enqueue(text),
    fail: (status) => stt.failNext(new ProviderError('fake', `HTTP ${status}`, { statusCode: status })),
    close: async () => {},
  };
});

describe('FakeStt', () => {
  it('emits speech_started on speech and the final finalDelayMs after flush, on the injected clock', async () => {
    const clock = new ManualClock();
    const stt = new FakeStt({ clock, finalDelayMs: 100, utterances: (i) => `utterance ${i}` });
    const log = new SttEventLog();
    const stream = stt.stream({ language: 'en', sampleRate: 8000 }, log.onEvent);
    for (const f of utteranceFrames(8000, 100, 40)) stream.pushAudio(f);
    expect(log.events[0]).toEqual({ type: 'speech_started', atMs: 0 });
    stream.flush();
    clock.advance(99);
    expect(log.events.some((e) => e.type === 'final')).toBe(false);
    clock.advance(1);
    expect(log.events.find((e) => e.type === 'final')).toEqual({
      type: 'final',
      text: 'utterance 0',
      speechFinal: true,
      startMs: 0,
      endMs: 140,
      confidence: 1,
    });
    expect(stt.streams[0]!.flushes).toBe(1);
  });
});
