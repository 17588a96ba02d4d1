import type { Clock, Timer } from '../../../lib/clock.ts';
import { frameSamples } from '../../../pipeline/audio/pcm.ts';
import type { EndReason } from '../../../pipeline/frames.ts';
import type { CallTransport, TransportHandlers } from '../../../pipeline/transport.ts';

/** What happened on a simulated line; times are ms on the line's clock since the line opened. */
export type SimEvent =
  | {
      type: 'ringing' | 'busy' | 'no_answer' | 'answered' | 'agent.started' | 'agent.stopped' | 'clear';
      atMs: number;
    }
  | { type: 'party.said'; text: string; startMs: number; onsetMs: number; speechEndMs: number; endMs: number }
  | { type: 'party.tone'; startMs: number; endMs: number }
  | { type: 'dtmf'; digit: string; atMs: number }
  | { type: 'hangup'; by: 'party' | 'agent'; reason?: EndReason; atMs: number }
  | { type: 'transfer'; to: string; atMs: number };

/** How the simulated party hears the agent: its audio starts and stops. */
export interface AgentAudioListener {
  agentStarted(atMs: number): void;
  agentStopped(atMs: number): void;
  /** The agent (engine) side hung up or transferred: the party stops acting. */
  lineClosed(): void;
}

/** Audio queued to be spoken into the line; `started`/`done` fire when its first and last frame go out. */
export interface Outgoing {
  pcm: Int16Array;
  started?: (atMs: number) => void;
  done?: (atMs: number) => void;
}

const FRAME_MS = 20;
/** Longest catch-up after the event loop stalled (frames per tick), so a stall never bursts minutes of audio. */
const MAX_CATCH_UP = 10;

/**
 * The media leg of a simulated call, with no network: a `CallTransport` whose far end plays the
 * agent's audio in real time (20 ms frames on the clock, marks echoed once played, `clear()` drops
 * what is buffered) and speaks the party's audio back as 20 ms frames, silence in between.
 */
export class SimLine implements CallTransport {
  readonly inputSampleRate: number;
  readonly outputSampleRate: number;
  readonly supportsMarks = true;
  readonly events: SimEvent[] = [];
  private handlers: TransportHandlers | undefined;
  private listener: AgentAudioListener | undefined;
  private readonly frame: number;
  private readonly origin: number;
  private timer: Timer | undefined;
  private t0 = -1;
  private ticks = 0;
  private closed = false;
  // Agent → party playout.
  private readonly playout: Int16Array[] = [];
  private received = 0;
  private played = 0;
  private readonly marks: { id: string; at: number }[] = [];
  private agentPlaying = false;
  // Party → agent.
  private readonly outgoing: (Outgoing & { offset: number; notBefore: number })[] = [];
  /** Frames of silence or speech delivered to the engine. */
  framesDelivered = 0;

  constructor(
    private readonly clock: Clock,
    sampleRate = 8000,
  ) {
    this.inputSampleRate = sampleRate;
    this.outputSampleRate = sampleRate;
    this.frame = frameSamples(sampleRate);
    this.origin = clock.monotonic();
  }

  /** ms since the line opened. */
  now(): number {
    return this.clock.monotonic() - this.origin;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The party picked up: frames start flowing both ways (audio before `attach` is not heard by the engine). */
  open(listener: AgentAudioListener): void {
    this.listener = listener;
    if (this.t0 >= 0 || this.closed) return;
    this.t0 = this.clock.monotonic();
    this.log({ type: 'answered', atMs: this.now() });
    this.schedule();
  }

  attach(handlers: TransportHandlers): void {
    this.handlers = handlers;
  }

  sendAudio(frame: Int16Array): void {
    if (this.closed) return;
    this.playout.push(frame.slice());
    this.received += frame.length;
  }

  clear(): void {
    if (this.closed) return;
    this.playout.length = 0;
    this.played = this.received;
    this.log({ type: 'clear', atMs: this.now() });
    if (this.agentPlaying) this.setAgentPlaying(false);
    // Like a carrier, marks still pending come back once the buffer is dropped.
    const pending = this.marks.splice(0);
    if (pending.length)
      queueMicrotask(() => {
        for (const m of pending) this.handlers?.markPlayed(m.id);
      });
  }

  mark(id: string): void {
    if (this.closed) return;
    this.marks.push({ id, at: this.received });
  }

  async hangup(reason: EndReason): Promise<void> {
    if (this.closed) return;
    if (this.agentPlaying) this.setAgentPlaying(false);
    this.log({ type: 'hangup', by: 'agent', reason, atMs: this.now() });
    this.close();
  }

  async transfer(to: string): Promise<void> {
    if (this.closed) return;
    this.log({ type: 'transfer', to, atMs: this.now() });
    this.close();
  }

  /** Queue party audio: it starts now (to the sample), or after anything already queued. */
  speak(out: Outgoing): void {
    if (!this.closed) this.outgoing.push({ ...out, offset: 0, notBefore: this.now() });
  }

  /** The party presses a key. */
  pressKey(digit: string): void {
    if (this.closed) return;
    this.log({ type: 'dtmf', digit, atMs: this.now() });
    this.handlers?.dtmf(digit);
  }

  /** The party hangs up. */
  hangUpByParty(): void {
    if (this.closed) return;
    this.log({ type: 'hangup', by: 'party', atMs: this.now() });
    this.close(false);
    this.handlers?.hangup();
  }

  log(e: SimEvent): void {
    this.events.push(e);
  }

  private close(notifyParty = true): void {
    this.closed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.playout.length = 0;
    this.outgoing.length = 0;
    if (notifyParty) this.listener?.lineClosed();
  }

  private schedule(): void {
    const next = this.t0 + (this.ticks + 1) * FRAME_MS;
    this.timer = this.clock.setTimeout(() => this.tick(), Math.max(0, next - this.clock.monotonic()));
  }

  private tick(): void {
    this.timer = undefined;
    const due = Math.floor((this.clock.monotonic() - this.t0) / FRAME_MS);
    // After a long stall, skip ahead rather than burst.
    if (due - this.ticks > MAX_CATCH_UP) this.ticks = due - MAX_CATCH_UP;
    while (this.ticks < due && !this.closed) {
      this.ticks++;
      this.playOne();
      this.sendOne();
    }
    if (!this.closed) this.schedule();
  }

  /** Marks of audio that finished playing come back; then the far end starts playing the next 20 ms frame. */
  private playOne(): void {
    while (this.marks.length > 0 && this.marks[0]!.at <= this.played) {
      const m = this.marks.shift()!;
      this.handlers?.markPlayed(m.id);
    }
    // A mark may have ended the call (a message-only call hangs up once its message has played).
    if (this.closed) return;
    const f = this.playout.shift();
    if (f) {
      if (!this.agentPlaying) this.setAgentPlaying(true);
      this.played += f.length;
    } else if (this.agentPlaying) this.setAgentPlaying(false);
  }

  private setAgentPlaying(on: boolean): void {
    this.agentPlaying = on;
    const at = this.now();
    this.log({ type: on ? 'agent.started' : 'agent.stopped', atMs: at });
    if (on) this.listener?.agentStarted(at);
    else this.listener?.agentStopped(at);
  }

  /** One 20 ms frame of the party's audio (silence when it says nothing) to the engine. */
  private sendOne(): void {
    const pcm = new Int16Array(this.frame);
    const frameStart = this.now() - FRAME_MS;
    const msAt = (sample: number) => frameStart + (sample * FRAME_MS) / this.frame;
    let filled = 0;
    while (filled < this.frame && this.outgoing.length > 0) {
      const o = this.outgoing[0]!;
      if (o.offset === 0) {
        // This frame carries the samples of [frameStart, now]: audio asked for later starts inside it, or later.
        const lead = Math.ceil(((o.notBefore - frameStart) * this.frame) / FRAME_MS);
        if (lead >= this.frame) break;
        filled = Math.max(filled, lead);
        o.started?.(msAt(filled));
      }
      const n = Math.min(this.frame - filled, o.pcm.length - o.offset);
      pcm.set(o.pcm.subarray(o.offset, o.offset + n), filled);
      o.offset += n;
      filled += n;
      if (o.offset >= o.pcm.length) {
        this.outgoing.shift();
        o.done?.(msAt(filled));
      }
    }
    if (!this.handlers) return;
    this.framesDelivered++;
    this.handlers.audio(pcm);
  }
}
