import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.ts';
import { ProviderError } from '../errors.ts';
import { FakeStt } from './fake-stt.ts';
import { FallbackStt } from './fallback.ts';
import { describeSttContract, SttEventLog, utteranceFrames } from './stt.contract.ts';

const unavailable = () => new ProviderError('deepgram', 'HTTP 503', { statusCode: 503 });

describeSttContract('FallbackStt over a failing primary', async () => {
  const secondary = new FakeStt({ provider: 'secondary' });
  // A primary whose every stream fails at once.
  const primary = new FakeStt({ provider: 'primary' });
  const open = primary.stream.bind(primary);
  primary.stream = (o, cb) => {
    primary.failNext(unavailable());
    return open(o, cb);
  };
  return {
    stt: new FallbackStt([{ stt: primary }, { stt: secondary }]),
    sampleRate: 8000,
    script: (t) => secondary.enqueue(t),
    fail: (status) => secondary.failNext(new ProviderError('secondary', 'x', { statusCode: status })),
    close: async () => {},
  };
});

describe('FallbackStt', () => {
  it('replays the utterance audio and the pending flush into the next provider', async () => {
    // The primary never answers the flush (its clock never moves), then fails.
    const primary = new FakeStt({ provider: 'deepgram', clock: new ManualClock(), finalDelayMs: 100 });
    const secondary = new FakeStt({ provider: 'whisper', utterances: ['recovered'] });
    const seen: string[] = [];
    const stt = new FallbackStt([{ stt: primary }, { stt: secondary, model: 'whisper-1' }], {
      onFailover: (a, b) => seen.push(`${a}>${b}`),
    });
    const log = new SttEventLog();
    const stream = stt.stream({ language: 'en', sampleRate: 8000 }, log.onEvent);
    for (const f of utteranceFrames(8000, 200, 0)) stream.pushAudio(f);
    stream.flush();
    primary.streams[0]!.failWith(unavailable());
    expect(await log.next((e) => e.type === 'final')).toMatchObject({ text: 'recovered' });
    expect(secondary.streams[0]!.audioMs).toBe(200);
    expect(secondary.streams[0]!.opts.model).toBe('whisper-1');
    expect(primary.streams[0]!.closed).toBe(true);
    expect(seen).toEqual(['deepgram>whisper']);
    expect(log.events.some((e) => e.type === 'error')).toBe(false);
  });

  it('passes errors through once a transcript was produced', async () => {
    const primary = new FakeStt({ utterances: ['one'] });
    const secondary = new FakeStt();
    const log = new SttEventLog();
    const stream = new FallbackStt([{ stt: primary }, { stt: secondary }]).stream(
      { language: 'en', sampleRate: 8000 },
      log.onEvent,
    );
    stream.flush();
    await log.next((e) => e.type === 'final');
    primary.streams[0]!.failWith(unavailable());
    expect(await log.next((e) => e.type === 'error')).toMatchObject({ fatal: true });
    expect(secondary.streams).toHaveLength(0);
  });
});
