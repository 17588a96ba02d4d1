import { defaultAfterMs, type SimStep } from '../../../domain/call/sim-script.ts';
import type { Clock, Timer } from '../../../lib/clock.ts';
import type { ScriptFeed } from './script-stt.ts';
import type { AgentAudioListener, SimEvent, SimLine } from './sim-line.ts';
import { beep, type SimAudio, type SimVoice } from './sim-voice.ts';

/** Steps the simulator adds: say at once (a machine's greeting), play a beep, report reaching a point. */
export type PartyStep = SimStep | { say: string; now: true } | { beep: true } | { reached: string };

/** How long the party waits for an agent that says nothing before it speaks anyway (ms). */
export const PARTY_PATIENCE_MS = 5000;
const BEEP_MS = 500;
const KEY_GAP_MS = 150;

/**
 * The simulated person (or answering machine) on a sim line: follows its steps in order, timed
 * against what it hears of the agent — `after_ms` after the agent stops, `barge_in_ms` into the
 * agent's turn — speaks through the line and tells the script STT what it says. After the last
 * step it stays on the line, silent.
 */
export class SimParty implements AgentAudioListener {
  private index = -1;
  private timer: Timer | undefined;
  private done = false;
  private agentSpeaking = false;
  private agentStartedAt = -1;
  private agentStoppedAt = -1;
  /** The agent has been heard since the party last finished speaking (or since it picked up). */
  private agentHeardSinceOwn = false;
  private busy = false;
  private stepStartedAt = 0;
  private bargeTarget = -1;

  constructor(
    private readonly line: SimLine,
    private readonly voice: SimVoice,
    private readonly feed: ScriptFeed,
    private readonly clock: Clock,
    private readonly steps: readonly PartyStep[],
    private readonly onReached: (point: string) => void = () => {},
  ) {}

  /** Texts this party will say (to synthesise ahead). */
  static texts(steps: readonly PartyStep[]): string[] {
    return steps.flatMap((s) => ('say' in s ? [s.say] : []));
  }

  /** Pick up: the line opens and the first step begins. */
  start(): void {
    this.line.open(this);
    this.advance();
  }

  agentStarted(atMs: number): void {
    this.agentSpeaking = true;
    this.agentStartedAt = atMs;
    this.agentHeardSinceOwn = true;
    this.evaluate();
  }

  agentStopped(atMs: number): void {
    this.agentSpeaking = false;
    this.agentStoppedAt = atMs;
    this.evaluate();
  }

  lineClosed(): void {
    this.done = true;
    this.cancel();
  }

  private get step(): PartyStep | undefined {
    return this.steps[this.index];
  }

  private advance(): void {
    this.cancel();
    if (this.done) return;
    this.index++;
    this.bargeTarget = -1;
    this.stepStartedAt = this.line.now();
    const s = this.step;
    if (!s) return;
    if ('hangup' in s) {
      this.done = true;
      this.line.hangUpByParty();
      return;
    }
    if ('silence_ms' in s) {
      this.at(this.stepStartedAt + s.silence_ms, () => this.advance());
      return;
    }
    if ('reached' in s) {
      this.onReached(s.reached);
      this.advance();
      return;
    }
    if ('beep' in s) {
      this.tone(beep(BEEP_MS, this.line.inputSampleRate));
      return;
    }
    this.evaluate();
  }

  /** Decide, from what the party hears now, when the current say/dtmf step happens. */
  private evaluate(): void {
    const s = this.step;
    if (this.done || this.busy || !s || !('say' in s || 'dtmf' in s)) return;
    if ('now' in s) {
      this.perform(s);
      return;
    }
    if ('barge_in_ms' in s) {
      // Counted from the start of the agent's turn, or from this step if the turn was already under way.
      if (this.bargeTarget < 0 && this.agentSpeaking)
        this.bargeTarget = Math.max(this.agentStartedAt, this.stepStartedAt) + s.barge_in_ms;
      if (this.bargeTarget >= 0) this.at(this.bargeTarget, () => this.perform(s));
      else this.at(this.stepStartedAt + PARTY_PATIENCE_MS, () => this.perform(s));
      return;
    }
    const after = s.after_ms ?? defaultAfterMs;
    if (this.agentSpeaking) this.cancel();
    else if (this.agentHeardSinceOwn) this.at(this.agentStoppedAt + after, () => this.perform(s));
    else this.at(this.stepStartedAt + PARTY_PATIENCE_MS + after, () => this.perform(s));
  }

  private perform(s: PartyStep): void {
    this.cancel();
    if (this.done || this.busy) return;
    this.busy = true;
    if ('dtmf' in s) this.pressKeys(s.dtmf.split(''));
    else if ('say' in s)
      void this.voice.audio(s.say).then(
        (audio) => this.say(audio),
        () => {
          // A party without a voice hangs up rather than leave the call hanging.
          this.done = true;
          this.line.hangUpByParty();
        },
      );
  }

  /** Speak a line; the step ends (and the next begins) once its last frame has gone out. */
  private say(audio: SimAudio): void {
    if (this.done) return;
    const rate = this.line.inputSampleRate;
    let said: Extract<SimEvent, { type: 'party.said' }> | undefined;
    this.line.speak({
      pcm: audio.pcm,
      started: (atMs) => {
        const onsetMs = atMs + (audio.speechStart * 1000) / rate;
        const speechEndMs = atMs + (audio.speechEnd * 1000) / rate;
        this.feed.add({ text: audio.text, onsetMs, speechEndMs });
        said = { type: 'party.said', text: audio.text, startMs: atMs, onsetMs, speechEndMs, endMs: -1 };
        this.line.log(said);
      },
      done: (atMs) => {
        if (said) said.endMs = atMs;
        this.finished();
      },
    });
  }

  private tone(pcm: Int16Array): void {
    this.busy = true;
    let startMs = -1;
    this.line.speak({
      pcm,
      started: (atMs) => {
        startMs = atMs;
      },
      done: (endMs) => {
        this.line.log({ type: 'party.tone', startMs, endMs });
        this.finished();
      },
    });
  }

  private pressKeys(keys: string[]): void {
    const key = keys.shift();
    if (key === undefined || this.done) {
      this.finished();
      return;
    }
    this.line.pressKey(key);
    this.timer = this.clock.setTimeout(() => this.pressKeys(keys), KEY_GAP_MS);
  }

  private finished(): void {
    this.busy = false;
    this.agentHeardSinceOwn = this.agentSpeaking;
    this.advance();
  }

  /** Run `fn` at line time `atMs` (now, if that has passed), replacing any pending timer. */
  private at(atMs: number, fn: () => void): void {
    this.cancel();
    this.timer = this.clock.setTimeout(fn, Math.max(0, atMs - this.line.now()));
  }

  private cancel(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
