import type { CallerSentence } from './caller-audio.ts';
import { reference } from './reference.ts';
import {
  type BargeRecord,
  type FrameTimes,
  summarizeTurns,
  type TurnRecord,
  type TurnSummary,
} from './turn-metrics.ts';

/** Where the scripted caller's audio goes, and who hears about speech start/end (the STT doubles). */
export interface CallerPort {
  send(pcm: Int16Array): void;
  speechStarted?(text: string): void;
  speechEnded?(text: string): void;
}

const frameSamples = (reference.sampleRate * reference.frameMs) / 1000;
const silence = new Int16Array(frameSamples);
/** The golden ratio's fractional part: call k's phase is k × this of a frame, evenly spread for any number of calls. */
const phaseStep = (Math.sqrt(5) - 1) / 2;

/**
 * Where in the 20 ms frame cycle (on this process's `performance.now()`) call `call` sends its frames.
 * Real callers' frame clocks are independent; calls started at multiples of the frame would all send
 * in the same millisecond (3 s / 50 calls = 60 ms: every call at one phase) and load the engine in bursts.
 */
export function callerPhaseMs(call: number): number {
  return ((call * phaseStep) % 1) * reference.frameMs;
}

/**
 * One caller: a continuous 20 ms frame stream (drift-free), each sentence in real time, then silence
 * until the agent's reply finished playing (or the turn is missed after 8 s), a 700 ms gap, and the
 * next sentence. Frame k of a sentence is sent when its last sample has been "spoken", so the moment
 * the last speech frame is sent is the caller's speech end. With a barge-in sentence, the caller
 * says it `bargeAfterMs` into the agent's last reply and times how soon the agent's audio is cleared.
 */
export class CallerScript {
  readonly turns: TurnRecord[] = [];
  /** When each agent frame is heard. */
  readonly agentTurns: FrameTimes[] = [];
  /** When each was handed over, where the port reports that apart (the engine bench's phone line). */
  readonly agentHandoffs: FrameTimes[] = [];
  readonly barges: BargeRecord[] = [];
  private sentence = 0;
  private frame = 0;
  private state: 'speaking' | 'waiting' | 'gap' | 'barging' | 'barge-tail' | 'done' = 'gap';
  private barge: BargeRecord | undefined;
  private until = 0;
  private nextAt = 0;
  private current: TurnRecord | undefined;
  private currentFrames: FrameTimes | undefined;
  private currentHandoffs: FrameTimes | undefined;
  private replyDone = false;
  private finished!: () => void;

  constructor(
    private readonly call: number,
    private readonly sentences: readonly CallerSentence[],
    private readonly port: CallerPort,
    private readonly bargeIn?: CallerSentence,
  ) {}

  /** Stream the whole script from the call's frame phase (`callerPhaseMs`); resolves after the last reply (or miss) and its gap. */
  run(leadInMs = reference.gapMs): Promise<void> {
    const done = new Promise<void>((r) => {
      this.finished = r;
    });
    const now = performance.now();
    const wait =
      (callerPhaseMs(this.call) - (now % reference.frameMs) + reference.frameMs) % reference.frameMs;
    this.nextAt = now + wait;
    this.until = this.nextAt + leadInMs;
    setTimeout(this.tick, wait);
    return done;
  }

  /** An agent frame is heard from `at`, having been handed over at `handedAt` (default: the same moment). */
  agentFrame(at: number, handedAt?: number): void {
    if (!this.current || this.barge) return;
    if (this.current.firstAudioAt === undefined) {
      this.current.firstAudioAt = handedAt ?? at;
      this.currentFrames = [];
      this.agentTurns.push(this.currentFrames);
      if (handedAt !== undefined) {
        this.currentHandoffs = [];
        this.agentHandoffs.push(this.currentHandoffs);
      }
    }
    this.currentFrames?.push(at);
    if (handedAt !== undefined) this.currentHandoffs?.push(handedAt);
  }

  /** The agent told its output to drop the audio it had queued (a barge-in reaction). */
  agentCleared(at: number): void {
    if (this.barge && this.barge.clearedAt === undefined && at >= this.barge.onsetAt)
      this.barge.clearedAt = at;
  }

  /** The agent's reply finished playing. */
  agentFinished(): void {
    if (this.current?.firstAudioAt !== undefined) this.replyDone = true;
  }

  private tick = () => {
    const now = performance.now();
    this.step(now);
    if (this.state === 'done') {
      this.finished();
      return;
    }
    this.nextAt += reference.frameMs;
    setTimeout(this.tick, Math.max(0, this.nextAt - performance.now()));
  };

  private step(now: number) {
    if (this.state === 'barging') {
      const s = this.bargeIn!;
      if (this.sendNext(s)) {
        this.port.speechEnded?.(s.text);
        this.state = 'barge-tail';
        this.until = now + reference.bargeMissedMs;
      }
      return;
    }
    if (this.state === 'speaking') {
      const s = this.sentences[this.sentence]!;
      const first = this.frame === 0;
      const ended = this.sendNext(s);
      if (first) this.port.speechStarted?.(s.text);
      if (ended) {
        this.current = { call: this.call, turn: this.sentence, speechEndAt: now };
        this.currentFrames = undefined;
        this.currentHandoffs = undefined;
        this.turns.push(this.current);
        this.replyDone = false;
        this.port.speechEnded?.(s.text);
        this.state = 'waiting';
      }
      return;
    }
    if (this.state === 'waiting' && this.shouldBarge()) {
      // The first frame's first sample was spoken one frame ago.
      this.barge = { call: this.call, onsetAt: now - reference.frameMs };
      this.barges.push(this.barge);
      this.state = 'barging';
      this.frame = 0;
      this.port.speechStarted?.(this.bargeIn!.text);
      this.step(now);
      return;
    }
    this.port.send(silence);
    if (this.state === 'barge-tail') {
      if (now >= this.until) this.state = 'done';
      return;
    }
    if (this.state === 'waiting') {
      const missed = now - this.current!.speechEndAt > reference.missedTurnMs;
      if (this.replyDone || missed) {
        this.state = 'gap';
        this.until = now + reference.gapMs;
        this.sentence++;
      }
      return;
    }
    if (this.state === 'gap' && now >= this.until) {
      if (this.sentence >= this.sentences.length) this.state = 'done';
      else {
        this.state = 'speaking';
        this.frame = 0;
      }
    }
  }

  /** Send the next 20 ms of `s`; true once its last frame has gone. */
  private sendNext(s: CallerSentence): boolean {
    const off = this.frame * frameSamples;
    this.port.send(s.pcm.subarray(off, off + frameSamples));
    this.frame++;
    return this.frame * frameSamples >= s.pcm.length;
  }

  /** Barge in once the agent's reply to the last sentence has played `bargeAfterMs`. */
  private shouldBarge(): boolean {
    return (
      this.bargeIn !== undefined &&
      this.sentence === this.sentences.length - 1 &&
      (this.currentFrames?.length ?? 0) * reference.frameMs >= reference.bargeAfterMs
    );
  }
}

/** Every script's turns, pacing and barge-ins against a configured path of `endpointingMs` + LLM TTFT + TTS first frame. */
/** The reference scenario's configured path: the endpointing wait, the LLM's first token and the TTS's first frame. */
export const configuredPathMs = (endpointingMs: number) =>
  endpointingMs + reference.llmTtftMs + reference.ttsFirstFrameMs;

export function summarizeScripts(scripts: readonly CallerScript[], endpointingMs: number): TurnSummary {
  if (process.env.BENCH_DEBUG)
    for (const s of scripts)
      for (const t of s.turns)
        process.stderr.write(
          `turn ${t.call}/${t.turn} e2e ${t.firstAudioAt === undefined ? '-' : (t.firstAudioAt - t.speechEndAt).toFixed(1)}\n`,
        );
  const handoffs = scripts.flatMap((s) => s.agentHandoffs);
  return summarizeTurns(
    scripts.flatMap((s) => s.turns),
    scripts.flatMap((s) => s.agentTurns),
    configuredPathMs(endpointingMs),
    scripts.flatMap((s) => s.barges),
    handoffs.length ? handoffs : undefined,
  );
}
