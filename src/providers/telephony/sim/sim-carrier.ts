import { machineGreeting, parseSimConfig, type SimConfig, stepsOf } from '../../../domain/call/sim-script.ts';
import type { Clock } from '../../../lib/clock.ts';
import { untracked, type WorkTracker } from '../../../lib/virtual-clock.ts';
import type { EndReason } from '../../../pipeline/frames.ts';
import type { Tts } from '../../tts/tts.ts';
import type { CallLeg, CallLegOptions, DialOutcome } from '../call-leg.ts';
import { ScriptFeed, ScriptStt } from './script-stt.ts';
import type { SimEvent } from './sim-line.ts';
import { SimLine } from './sim-line.ts';
import { type PartyStep, SimParty } from './sim-party.ts';
import { SimVoice } from './sim-voice.ts';

export interface SimCallOptions {
  config: SimConfig;
  /** Outbound: the party answers as `config.answer` says; inbound: the party is the caller, already on the line. */
  direction: 'outbound' | 'inbound';
}

/** Default ring times (ms): a person or machine picks up after a ring; a busy line answers at once. */
const ringMs = { human: 1000, machine: 1000, busy: 500, no_answer: 20_000 } as const;
/** An answering machine records this long after its beep, then hangs up. */
const MACHINE_RECORD_MS = 30_000;

/** One simulated call: its media leg (the engine's transport), the script STT, and what happened on it. */
export class SimCall implements CallLeg {
  readonly line: SimLine;
  readonly feed = new ScriptFeed();
  readonly stt: ScriptStt;
  private readonly voice: SimVoice;
  private readonly steps: PartyStep[];
  private readonly party: SimParty;
  private messageEnd: (() => void) | undefined;

  constructor(
    private readonly clock: Clock,
    tts: Tts,
    private readonly options: SimCallOptions,
    track: WorkTracker,
  ) {
    const { config } = options;
    this.line = new SimLine(clock);
    this.stt = new ScriptStt(this.feed, () => this.line.now());
    this.voice = new SimVoice(tts, config.voice, this.line.inputSampleRate, track);
    this.steps = this.isMachine
      ? [
          { say: machineGreeting, now: true },
          { beep: true },
          { reached: 'message_end' },
          { silence_ms: MACHINE_RECORD_MS },
          { hangup: true },
        ]
      : stepsOf(config);
    this.party = new SimParty(this.line, this.voice, this.feed, clock, this.steps, (p) => {
      if (p === 'message_end') this.messageEnd?.();
    });
  }

  get transport(): SimLine {
    return this.line;
  }

  get events(): readonly SimEvent[] {
    return this.line.events;
  }

  private get isMachine(): boolean {
    return this.options.direction === 'outbound' && this.options.config.answer === 'machine';
  }

  /**
   * Ring the party (outbound) or take its call (inbound). The party's lines are synthesised while it
   * rings, so it never waits for its own voice. Resolves when the call is answered or has failed.
   */
  async connect(opts: { detectMachine: boolean } = { detectMachine: false }): Promise<DialOutcome> {
    const { config, direction } = this.options;
    const answer = direction === 'inbound' ? 'human' : config.answer;
    const ring = direction === 'inbound' ? 0 : (config.ring_ms ?? ringMs[answer]);
    const ready =
      answer === 'human' || answer === 'machine' ? this.voice.prepare(SimParty.texts(this.steps)) : null;
    if (ring > 0) this.line.log({ type: 'ringing', atMs: this.line.now() });
    await Promise.all([new Promise<void>((r) => this.clock.setTimeout(r, ring)), ready]);
    if (this.line.isClosed) return { kind: 'no_answer' };
    if (answer === 'busy' || answer === 'no_answer') {
      this.line.log({ type: answer, atMs: this.line.now() });
      return { kind: answer };
    }
    // Like Twilio's DetectMessageEnd: the call connects once the machine's greeting and beep are over.
    if (answer === 'machine' && opts.detectMachine) {
      const heardBeep = new Promise<void>((r) => {
        this.messageEnd = r;
      });
      this.party.start();
      await heardBeep;
      return { kind: 'answered', by: 'machine' };
    }
    this.party.start();
    return {
      kind: 'answered',
      by: direction === 'inbound' ? 'human' : answer === 'human' ? 'human' : 'unknown',
    };
  }

  /** Hang up before the engine took over (a stop while ringing, or a call that never connected). */
  async cancel(reason: EndReason): Promise<void> {
    await this.line.hangup(reason);
  }
}

/**
 * The built-in `sim` carrier's calls (decisions §9): no network; the far end is a simulated party
 * following `metadata.sim`, speaking flite audio in real time on the injected clock. Keeps the last
 * few calls so tests and tools can look at what happened on the line.
 */
export class SimCarrier {
  private readonly recentCalls = new Map<string, SimCall>();

  constructor(
    private readonly deps: {
      clock: Clock;
      /** The offline voice the party speaks with (flite). */
      tts: Tts;
      track?: WorkTracker;
      keepRecent?: number;
    },
  ) {}

  /** The leg of a Parley call on a sim number; throws (with the field at fault) when `metadata.sim` is invalid. */
  leg(callId: string, opts: CallLegOptions): SimCall {
    const parsed = parseSimConfig(opts.metadata.sim);
    if (!parsed.ok) throw new Error(parsed.error);
    return this.call(callId, { config: parsed.config, direction: opts.direction });
  }

  call(callId: string, options: SimCallOptions): SimCall {
    const c = new SimCall(this.deps.clock, this.deps.tts, options, this.deps.track ?? untracked);
    this.recentCalls.set(callId, c);
    const keep = this.deps.keepRecent ?? 50;
    for (const id of this.recentCalls.keys()) {
      if (this.recentCalls.size <= keep) break;
      this.recentCalls.delete(id);
    }
    return c;
  }

  /** A recent call's line, by Parley call id. */
  recent(callId: string): SimCall | undefined {
    return this.recentCalls.get(callId);
  }
}
