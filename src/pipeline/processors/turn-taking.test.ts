import { describe, expect, it } from 'vitest';
import { SpeechHandle } from '../speech-handle.ts';
import {
  created,
  done,
  dtmf,
  final,
  interim,
  reply,
  setup,
  speaking,
  started,
  stopped,
} from '../testing/turn-harness.ts';
import { meaningfulWords, turnParams } from '../turn-params.ts';

describe('turnParams', () => {
  it('maps responsiveness to the endpointing wait: 1000 ms patient, 300 ms at 0.5, 150 ms snappy', () => {
    const wait = (r: number) =>
      turnParams({ responsiveness: r, interruption_sensitivity: 0.5, end_call_phrases: [] }).endpointingMs;
    expect([wait(0), wait(0.25), wait(0.5), wait(0.75), wait(1)]).toEqual([1000, 650, 300, 225, 150]);
  });

  it('maps interruption_sensitivity to the speech that pauses the agent and the words needed', () => {
    const p = (s: number) =>
      turnParams({ responsiveness: 0.5, interruption_sensitivity: s, end_call_phrases: [] });
    expect([p(0).minInterruptSpeechMs, p(0.5).minInterruptSpeechMs, p(1).minInterruptSpeechMs]).toEqual([
      800, 64, 32,
    ]);
    expect([p(0).minInterruptWords, p(0.5).minInterruptWords]).toEqual([2, 1]);
  });

  it('counts words that are not backchannels', () => {
    expect(['uh-huh', 'Yeah.', 'okay', 'mm-hmm', 'right', 'Yeah, okay, uh huh'].map(meaningfulWords)).toEqual(
      [0, 0, 0, 0, 0, 0],
    );
    expect(meaningfulWords('Wait, stop!')).toBe(2);
    expect(meaningfulWords('yeah but no')).toBe(2);
  });
});

describe('TurnTakingProcessor endpointing', () => {
  it('ends the turn the endpointing wait after speech ends, with eou_delay and stt metrics', async () => {
    const { h, at } = setup();
    await at(0, started(0));
    await at(1200, stopped(1000));
    await at(1250, final('Hello there'));
    await at(1299);
    expect(h.of('user.turn')).toHaveLength(0);
    await at(1300);
    expect(h.of('user.turn')).toEqual([
      {
        kind: 'data',
        type: 'user.turn',
        text: 'Hello there',
        source: 'speech',
        startMs: 0,
        speechEndMs: 1000,
        atMs: 1300,
      },
    ]);
    expect(h.of('metric').map((m) => [m.name, m.ms, m.provider])).toEqual([
      ['eou_delay', 300, 'silero'],
      ['stt', 250, 'fake-stt'],
    ]);
  });

  it('waits for a final that lands after the wait, then ends the turn at once', async () => {
    const { h, at } = setup({}, true);
    await at(0, started(0));
    await at(1200, stopped(1000));
    await at(1600);
    expect(h.of('user.turn')).toHaveLength(0);
    await at(1650, final('Book it'));
    expect(h.of('user.turn')[0]).toMatchObject({ text: 'Book it', atMs: 1650 });
    expect(h.of('metric')[0]).toMatchObject({ name: 'eou_delay', ms: 650 });
  });

  it('keeps the turn open when the caller speaks again before the wait is over', async () => {
    const { h, at } = setup();
    await at(0, started(0));
    await at(1200, stopped(1000), final('I want'));
    await at(1250, started(1240));
    await at(2000, stopped(1900), final('a table'));
    await at(2199);
    expect(h.of('user.turn')).toHaveLength(0);
    await at(2200);
    expect(h.of('user.turn').map((t) => t.text)).toEqual(['I want a table']);
  });

  it('makes no turn from speech without words, and uses interim text when no final comes', async () => {
    const { h, at, params } = setup();
    await at(0, started(0));
    await at(600, stopped(400));
    await at(2000);
    expect(h.of('user.turn')).toHaveLength(0);
    await at(3000, started(3000), interim('maybe later'));
    await at(4000, stopped(3800));
    await at(3800 + params.endpointingMs + params.sttFinalTimeoutMs);
    expect(h.of('user.turn').map((t) => t.text)).toEqual(['maybe later']);
  });

  it('records an end-call phrase without a reply and asks to end the call', async () => {
    const { h, at } = setup({ end_call_phrases: ['Goodbye now'] });
    await at(0, started(0));
    await at(800, stopped(600), final('Okay, goodbye now!'));
    await at(1000);
    expect(h.of('user.turn')[0]).toMatchObject({ text: 'Okay, goodbye now!', noReply: true });
    expect(h.of('call.end', 'up')).toEqual([{ kind: 'system', type: 'call.end', reason: 'end_call_phrase' }]);
  });

  it('holds a turn spoken over an uninterruptible greeting until the greeting ends', async () => {
    const { h, at } = setup();
    const greeting = new SpeechHandle({ id: 1, allowInterruptions: false, source: 'greeting' });
    await at(0, created(greeting));
    await at(100, started(100), speaking(200, 100));
    await at(700, stopped(600), final('Hello?'));
    await at(2000);
    expect(h.of('output.pause')).toHaveLength(0);
    expect(h.of('user.turn')).toHaveLength(0);
    await at(2500, done(greeting));
    expect(h.of('user.turn')[0]).toMatchObject({ text: 'Hello?', atMs: 2500 });
  });

  it('turns keypad digits into one turn, ended by # or a pause', async () => {
    const { h, at, params } = setup();
    await at(0, dtmf('1', 0));
    await at(300, dtmf('2', 300), dtmf('#', 300));
    await at(400, dtmf('9', 400));
    await at(400 + params.dtmfTimeoutMs);
    expect(h.of('user.turn').map((t) => [t.text, t.source])).toEqual([
      ['DTMF: 12#', 'dtmf'],
      ['DTMF: 9', 'dtmf'],
    ]);
  });
});

describe('TurnTakingProcessor barge-in', () => {
  it('pauses the agent once speech is long enough, then interrupts on real words', async () => {
    const { h, at } = setup();
    const speech = reply();
    await at(0, created(speech));
    await at(1000, started(1000), speaking(1032, 32));
    expect(h.of('output.pause')).toHaveLength(0);
    await at(1064, speaking(1064, 64));
    expect(h.of('output.pause')).toHaveLength(1);
    await at(1300, interim('wait'));
    expect(h.interruptions).toBe(1);
    await at(1600, stopped(1500), final('Wait, stop.'));
    await at(1800);
    expect(h.of('user.turn')[0]).toMatchObject({ text: 'Wait, stop.', startMs: 1000, speechEndMs: 1500 });
  });

  it('resumes after a backchannel, which never becomes a turn', async () => {
    const { h, at } = setup();
    const speech = reply();
    await at(0, created(speech));
    await at(1000, started(1000), speaking(1100, 100));
    await at(1400, stopped(1350), final('Uh-huh.'));
    expect(h.of('output.resume')).toHaveLength(1);
    await at(3000, done(speech));
    await at(4000);
    expect(h.interruptions).toBe(0);
    expect(h.of('user.turn')).toHaveLength(0);
  });

  it('resumes after a false interruption: speech that yields no words', async () => {
    const { h, at, params } = setup();
    await at(0, created(reply()));
    await at(1000, started(1000), speaking(1100, 100));
    await at(1200, stopped(1150));
    await at(1200 + params.falseInterruptionMs - 1);
    expect(h.of('output.resume')).toHaveLength(0);
    await at(1200 + params.falseInterruptionMs);
    expect(h.of('output.resume')).toHaveLength(1);
    expect(h.interruptions).toBe(0);
  });

  it('ignores speech too short for a low sensitivity', async () => {
    const { h, at } = setup({ interruption_sensitivity: 0 });
    await at(0, created(reply()));
    await at(1000, started(1000), speaking(1500, 500));
    await at(1600, stopped(1550), final('No no'));
    expect(h.of('output.pause')).toHaveLength(0);
    expect(h.interruptions).toBe(0);
  });

  it('lets caller speech that began before the reply barge in', async () => {
    const { h, at } = setup();
    await at(0, started(0));
    await at(800, stopped(700), final('Hi'));
    await at(1000);
    expect(h.of('user.turn')).toHaveLength(1);
    await at(1100, started(1100));
    await at(1150, created(reply()), speaking(1200, 100));
    expect(h.of('output.pause')).toHaveLength(1);
    await at(1300, interim('actually one more thing'));
    expect(h.interruptions).toBe(1);
  });

  it('turns speech that began over the agent into a turn when the agent finishes first', async () => {
    const { h, at } = setup();
    const speech = reply();
    await at(0, created(speech));
    await at(1000, started(1000));
    await at(1020, done(speech));
    await at(1800, stopped(1700), final('Can I also ask'));
    await at(2000);
    expect(h.of('user.turn')[0]).toMatchObject({ text: 'Can I also ask', startMs: 1000, speechEndMs: 1700 });
  });

  it('interrupts on a keypad press', async () => {
    const { h, at } = setup();
    await at(0, created(reply()));
    await at(500, dtmf('5', 500));
    expect(h.interruptions).toBe(1);
  });
});
