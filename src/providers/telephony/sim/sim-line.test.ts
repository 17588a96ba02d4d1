import { afterEach, describe, expect, it } from 'vitest';
import { parseSimConfig, type SimStep } from '../../../domain/call/sim-script.ts';
import { VirtualClock } from '../../../lib/virtual-clock.ts';
import type { TransportHandlers } from '../../../pipeline/transport.ts';
import type { SttEvent } from '../../stt/stt.ts';
import { FakeTts } from '../../tts/fake-tts.ts';
import type { DialOutcome } from '../call-leg.ts';
import { SimCarrier } from './sim-carrier.ts';
import type { SimEvent, SimLine } from './sim-line.ts';

let clock: VirtualClock;
afterEach(async () => {
  await clock.stop();
});

const sleep = (ms: number) => new Promise<void>((r) => clock.setTimeout(r, ms));

/** The engine side of a line: records what arrives, and can "speak" agent audio for `ms`. */
function engine(line: SimLine) {
  const got = { frames: 0, loud: 0, dtmf: [] as string[], marks: [] as string[], hangups: 0 };
  const handlers: TransportHandlers = {
    audio: (pcm) => {
      got.frames++;
      if (pcm.some((v) => Math.abs(v) > 1000)) got.loud++;
    },
    dtmf: (d) => got.dtmf.push(d),
    markPlayed: (id) => got.marks.push(`${id}@${line.now()}`),
    hangup: () => got.hangups++,
  };
  line.attach(handlers);
  const speak = (ms: number) => {
    const frame = new Int16Array(160).fill(3000);
    for (let i = 0; i < ms / 20; i++) line.sendAudio(frame);
  };
  return { got, speak };
}

function simCall(sim: unknown, direction: 'outbound' | 'inbound' = 'outbound') {
  const parsed = parseSimConfig(sim);
  if (!parsed.ok) throw new Error(parsed.error);
  const carrier = new SimCarrier({ clock, tts: new FakeTts({ clock }), track: clock.hold });
  return carrier.call('call_x', { config: parsed.config, direction });
}

const said = (line: SimLine) =>
  line.events.filter((e): e is Extract<SimEvent, { type: 'party.said' }> => e.type === 'party.said');
const at = (line: SimLine, type: string) =>
  line.events.filter((e) => e.type === type).map((e) => ('atMs' in e ? e.atMs : -1));

describe('SimLine', () => {
  it('plays agent audio in real time, echoes marks once played, and clear() drops the rest', async () => {
    clock = new VirtualClock(0);
    const call = simCall({ script: [] }, 'inbound');
    const { got, speak } = engine(call.line);
    clock.start();
    expect(await call.connect()).toEqual({ kind: 'answered', by: 'human' });
    speak(400);
    call.line.mark('a');
    await sleep(600);
    expect(at(call.line, 'agent.started')).toEqual([20]);
    expect(at(call.line, 'agent.stopped')).toEqual([420]);
    expect(got.marks).toEqual(['a@420']);
    speak(1000);
    call.line.mark('b');
    await sleep(200);
    call.line.clear();
    await sleep(100);
    expect(got.marks[1]).toMatch(/^b@/);
    expect(at(call.line, 'agent.stopped')).toHaveLength(2);
    expect(got.frames).toBe(44);
  });
});

describe('SimParty', () => {
  it('speaks after_ms after the agent stops, and the script STT hears it', async () => {
    clock = new VirtualClock(0);
    const call = simCall({ script: [{ say: 'I would like to book a table', after_ms: 700 }] }, 'inbound');
    const { got, speak } = engine(call.line);
    const events: SttEvent[] = [];
    const stream = call.stt.stream({ language: 'en', sampleRate: 8000 }, (e) => events.push(e));
    clock.start();
    await call.connect();
    speak(1000);
    await sleep(5000);
    const s = said(call.line)[0]!;
    const stopped = at(call.line, 'agent.stopped')[0]!;
    expect(s).toMatchObject({ text: 'I would like to book a table' });
    expect(s.startMs - stopped).toBe(700);
    expect(got.loud).toBeGreaterThan(10);
    for (let i = 0; i < 5; i++) stream.pushAudio(new Int16Array(160));
    stream.flush();
    await sleep(0);
    expect(events.at(-1)).toMatchObject({ type: 'final', text: 'I would like to book a table' });
  });

  it('reveals interim words while the line plays and finalises only lines already started', async () => {
    clock = new VirtualClock(0);
    const call = simCall({ script: [{ say: 'one two three four', after_ms: 0 }] }, 'inbound');
    engine(call.line);
    const events: SttEvent[] = [];
    const stream = call.stt.stream({ language: 'en', sampleRate: 8000 }, (e) => events.push(e));
    clock.start();
    await call.connect();
    await sleep(PATIENCE + 100);
    stream.pushAudio(new Int16Array(160));
    await sleep(0);
    const interim = events.filter((e) => e.type === 'interim');
    expect(interim.length).toBeGreaterThan(0);
    expect((interim.at(-1) as { text: string }).text.split(' ').length).toBeLessThan(4);
    await sleep(2000);
    stream.flush();
    stream.flush();
    await sleep(0);
    expect(events.filter((e) => e.type === 'final').map((e) => (e as { text: string }).text)).toEqual([
      'one two three four',
      '',
    ]);
  });

  it('barges in barge_in_ms into the agent turn', async () => {
    clock = new VirtualClock(0);
    const call = simCall({ script: [{ say: 'wait a second', barge_in_ms: 1200 }] }, 'inbound');
    const { speak } = engine(call.line);
    clock.start();
    await call.connect();
    await sleep(300);
    speak(3000);
    await sleep(3000);
    const started = at(call.line, 'agent.started')[0]!;
    const s = said(call.line)[0]!;
    expect(s.startMs - started).toBe(1200);
  });

  it('presses keys, stays silent, then hangs up', async () => {
    clock = new VirtualClock(0);
    const steps: SimStep[] = [{ dtmf: '12#', after_ms: 0 }, { silence_ms: 4000 }, { hangup: true }];
    const call = simCall({ script: steps }, 'inbound');
    const { got } = engine(call.line);
    clock.start();
    await call.connect();
    await sleep(PATIENCE + 5000);
    expect(got.dtmf).toEqual(['1', '2', '#']);
    expect(got.hangups).toBe(1);
    const dtmf = at(call.line, 'dtmf');
    const hangup = call.line.events.find((e) => e.type === 'hangup')!;
    expect(hangup).toMatchObject({ by: 'party' });
    expect(hangup.type === 'hangup' && hangup.atMs - dtmf.at(-1)!).toBeGreaterThanOrEqual(4000 + 150);
    expect(call.line.isClosed).toBe(true);
  });

  it('stops acting when the agent hangs up', async () => {
    clock = new VirtualClock(0);
    const call = simCall({ script: [{ say: 'hello there' }, { say: 'anyone?' }] }, 'inbound');
    engine(call.line);
    clock.start();
    await call.connect();
    await call.line.hangup('agent_hangup');
    await sleep(20_000);
    expect(said(call.line)).toEqual([]);
    expect(call.line.events.at(-1)).toMatchObject({ type: 'hangup', by: 'agent', reason: 'agent_hangup' });
  });
});

const PATIENCE = 5000;

describe('SimCall.connect', () => {
  const cases: [unknown, DialOutcome, number][] = [
    [{ answer: 'busy' }, { kind: 'busy' }, 500],
    [{ answer: 'no_answer' }, { kind: 'no_answer' }, 20_000],
    [{ answer: 'no_answer', ring_ms: 3000 }, { kind: 'no_answer' }, 3000],
    [{}, { kind: 'answered', by: 'human' }, 1000],
    [{ answer: 'machine' }, { kind: 'answered', by: 'unknown' }, 1000],
  ];
  for (const [sim, outcome, ms] of cases)
    it(`${JSON.stringify(sim)} → ${outcome.kind} after ${ms} ms`, async () => {
      clock = new VirtualClock(0);
      const call = simCall(sim);
      clock.start();
      expect(await call.connect()).toEqual(outcome);
      expect(clock.monotonic()).toBe(ms);
    });

  it('with machine detection, connects only after the greeting and beep', async () => {
    clock = new VirtualClock(0);
    const call = simCall({ answer: 'machine' });
    clock.start();
    expect(await call.connect({ detectMachine: true })).toEqual({ kind: 'answered', by: 'machine' });
    const tone = call.events.find((e) => e.type === 'party.tone')!;
    expect(said(call.line)[0]).toMatchObject({ text: expect.stringContaining('leave a message') });
    expect(tone.type === 'party.tone' && tone.endMs - tone.startMs).toBe(500);
    expect(call.line.now()).toBeGreaterThanOrEqual(tone.type === 'party.tone' ? tone.endMs : Infinity);
  });

  it('the default persona replies three times, says goodbye and hangs up', async () => {
    clock = new VirtualClock(0);
    const call = simCall(undefined);
    const { speak } = engine(call.line);
    clock.start();
    await call.connect();
    for (let i = 0; i < 5 && !call.line.isClosed; i++) {
      speak(800);
      await sleep(4000);
    }
    expect(said(call.line).map((e) => e.text)).toEqual([
      'Hi, yes, this is a good time.',
      'Okay, that sounds good.',
      'Sure, thanks for explaining.',
      'Great, that is all I needed. Goodbye!',
    ]);
    expect(call.line.events.at(-1)).toMatchObject({ type: 'hangup', by: 'party' });
  });
});

describe('parseSimConfig', () => {
  it('explains a bad step', () => {
    const r = parseSimConfig({ script: [{ say: 'hi' }, { say: 'x', after_ms: 1, barge_in_ms: 2 }] });
    expect(r).toEqual({
      ok: false,
      error: expect.stringMatching(/^metadata\.sim\.script\.1: a step is one of/),
    });
    expect(parseSimConfig({ answer: 'robot' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/answer/),
    });
  });
});
