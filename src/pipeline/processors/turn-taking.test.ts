import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.ts';
import { CallClock } from '../call-clock.ts';
import type { Frame } from '../frames.ts';
import { SpeechHandle } from '../speech-handle.ts';
import { ProcessorHarness } from '../testing/run-processor.ts';
import { meaningfulWords, turnParams } from '../turn-params.ts';
import type { HeardAudio } from '../vad/activity-detector.ts';
import { maxVadLagMs, TurnTakingProcessor, vadSlackMs } from './turn-taking.ts';

/** A VAD whose progress through the audio the test moves by hand. */
class LaggingVad implements HeardAudio {
  heardMs = 0;
  voicedUntilMs = 0;
  readonly windowMs = 32;
  private waitMs = 0;
  private waiter: (() => void) | undefined;
  whenHeardThrough(atMs: number, fn: () => void): void {
    this.waitMs = atMs;
    this.waiter = fn;
    this.hear(this.heardMs);
  }
  cancelWait(): void {
    this.waiter = undefined;
  }
  hear(ms: number): void {
    this.heardMs = ms;
    const fn = this.waiter;
    if (fn && ms >= this.waitMs) {
      this.waiter = undefined;
      fn();
    }
  }
}

function setup(
  agent: { responsiveness?: number; interruption_sensitivity?: number; end_call_phrases?: string[] } = {},
  finalAfterFlush = false,
  heard?: HeardAudio,
) {
  const clock = new ManualClock(0);
  const params = turnParams({
    responsiveness: agent.responsiveness ?? 0.5,
    interruption_sensitivity: agent.interruption_sensitivity ?? 0.5,
    end_call_phrases: agent.end_call_phrases ?? [],
  });
  const proc = new TurnTakingProcessor({
    params,
    time: new CallClock(clock),
    stt: { provider: 'fake-stt', finalAfterFlush },
    vadProvider: 'silero',
    heard,
  });
  const h = new ProcessorHarness(proc, clock);
  /** Advance to absolute time `ms`, then send `frames` (down unless they are agent frames). */
  const at = async (ms: number, ...frames: Frame[]) => {
    await h.settle(ms - clock.now());
    for (const f of frames) await h.send(f, f.type.startsWith('agent.') ? 'up' : 'down');
  };
  return { clock, h, at, params };
}

const started = (atMs: number): Frame => ({ kind: 'system', type: 'user.started_speaking', atMs });
const speaking = (atMs: number, speechMs: number): Frame => ({
  kind: 'system',
  type: 'user.speaking',
  atMs,
  speechMs,
});
const stopped = (atMs: number, speechMs = 500): Frame => ({
  kind: 'system',
  type: 'user.stopped_speaking',
  atMs,
  speechMs,
});
const final = (text: string, atMs = 0): Frame => ({ kind: 'data', type: 'transcript.final', text, atMs });
const interim = (text: string, atMs = 0): Frame => ({ kind: 'data', type: 'transcript.interim', text, atMs });
const created = (speech: SpeechHandle): Frame => ({ kind: 'system', type: 'agent.speech_created', speech });
const done = (speech: SpeechHandle, interrupted = false): Frame => ({
  kind: 'system',
  type: 'agent.speech_done',
  speech,
  text: '',
  startMs: 0,
  endMs: 0,
  interrupted,
});
const dtmf = (digit: string, atMs: number): Frame => ({ kind: 'data', type: 'dtmf', digit, atMs });
const reply = () => new SpeechHandle({ id: 1, allowInterruptions: true, source: 'reply' });

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

describe('TurnTakingProcessor endpointing behind a lagging VAD', () => {
  it('keeps the turn open when speech the VAD had not yet scored resumed before the deadline', async () => {
    // Without the VAD's progress, the clock alone ends the turn mid-sentence.
    const plain = setup();
    await plain.at(0, started(0));
    await plain.at(1200, stopped(1000), final('I want'));
    await plain.at(1300);
    await plain.at(1340, started(1280));
    expect(plain.h.of('user.turn').map((t) => t.text)).toEqual(['I want']);

    const vad = new LaggingVad();
    const { h, at } = setup({}, false, vad);
    await at(0, started(0));
    vad.hear(1100);
    await at(1200, stopped(1000), final('I want'));
    vad.hear(1200);
    await at(1300);
    expect(h.of('user.turn')).toHaveLength(0);
    // The scored window that holds the resumed speech arrives late, dated before the deadline.
    await at(1340, started(1280));
    vad.hear(1340);
    await at(2000, stopped(1900), final('a table'));
    vad.hear(2100);
    await at(2200);
    expect(h.of('user.turn')).toHaveLength(0);
    await at(2240);
    vad.hear(2200 - vadSlackMs);
    expect(h.of('user.turn').map((t) => [t.text, t.speechEndMs, t.atMs])).toEqual([
      ['I want a table', 1900, 2240],
    ]);
    expect(h.of('metric')[0]).toMatchObject({ name: 'eou_delay', ms: 340 });
  });

  it('ends the turn as soon as the VAD has heard to within its usual lag of the deadline', async () => {
    const vad = new LaggingVad();
    const { h, at } = setup({}, false, vad);
    await at(0, started(0));
    await at(1200, stopped(1000), final('Hello'));
    vad.hear(1300 - vadSlackMs - 1);
    await at(1320);
    expect(h.of('user.turn')).toHaveLength(0);
    vad.hear(1300 - vadSlackMs);
    expect(h.of('user.turn').map((t) => [t.text, t.atMs])).toEqual([['Hello', 1320]]);
  });

  it('waits for the verdict on sound that came back just before the deadline', async () => {
    const vad = new LaggingVad();
    const { h, at } = setup({}, false, vad);
    await at(0, started(0));
    vad.voicedUntilMs = 1000;
    await at(1200, stopped(1000), final('I want'));
    // The VAD keeps up, but the caller's voice came back at 1280: a start is reported a window later.
    vad.voicedUntilMs = 1296;
    vad.hear(1300);
    await at(1300);
    expect(h.of('user.turn')).toHaveLength(0);
    await at(1330, started(1280));
    vad.hear(1332);
    await at(1700, stopped(1600), final('a table'));
    vad.voicedUntilMs = 1600;
    vad.hear(1900);
    await at(1900);
    expect(h.of('user.turn').map((t) => [t.text, t.atMs])).toEqual([['I want a table', 1900]]);
  });

  it('ends the turn a window late when the sound that came back is not speech', async () => {
    const vad = new LaggingVad();
    const { h, at } = setup({}, false, vad);
    await at(0, started(0));
    await at(1200, stopped(1000), final('Hello'));
    vad.voicedUntilMs = 1290;
    vad.hear(1300);
    await at(1300);
    expect(h.of('user.turn')).toHaveLength(0);
    await at(1325);
    vad.hear(1322);
    expect(h.of('user.turn').map((t) => [t.text, t.atMs])).toEqual([['Hello', 1325]]);
  });

  it('ends the turn anyway when the VAD hears nothing more (the audio stopped coming)', async () => {
    const vad = new LaggingVad();
    const { h, at } = setup({}, false, vad);
    await at(0, started(0));
    await at(1200, stopped(1000), final('Hello'));
    await at(1300 + maxVadLagMs - 1);
    expect(h.of('user.turn')).toHaveLength(0);
    await at(1300 + maxVadLagMs);
    expect(h.of('user.turn').map((t) => [t.text, t.atMs])).toEqual([['Hello', 1300 + maxVadLagMs]]);
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
