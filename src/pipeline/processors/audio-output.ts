import type { Timer } from '../../lib/clock.ts';
import { frameSamples } from '../audio/pcm.ts';
import type { CallClock } from '../call-clock.ts';
import type { Direction, Frame } from '../frames.ts';
import { PlayoutTracker } from '../playout.ts';
import { FrameProcessor } from '../processor.ts';
import type { CallTransport } from '../transport.ts';
import { Utterance } from '../utterance.ts';

export interface AudioOutputOptions {
  /** Frames sent ahead of real time when a speech starts (default: 10 more than the transport takes per send, so the cushion never drops below 200 ms and a shorter stall of the server or host is not heard). */
  leadFrames?: number;
  /** Send a playout mark every this many frames (transports with marks). */
  markEveryFrames?: number;
}

/** Counters for the bench and the call record. */
export interface OutputStats {
  framesSent: number;
  /** Gaps > 40 ms inside a speech where the caller heard nothing because audio was late. */
  underruns: number;
}

const FRAME_MS = 20;
const UNDERRUN_MS = 40;
/** How long past the estimated end of playout to wait for a lagging transport's last mark. */
const MARK_GRACE_MS = 1500;

/**
 * The last stage: paces each speech's audio to the transport in real time (driven by the clock), in
 * sends of `framesPerSend` 20 ms frames, tracks playout, pauses/clears on barge-in and settles each
 * SpeechHandle with what the caller actually heard.
 */
export class AudioOutputProcessor extends FrameProcessor {
  readonly stats: OutputStats = { framesSent: 0, underruns: 0 };
  private readonly utterances: Utterance[] = [];
  /** One send's frames back to back; `slots[i]` is frame i of it, `sends[k]` its first k + 1 frames. */
  private readonly slots: Int16Array[] = [];
  private readonly sends: Int16Array[] = [];
  private readonly perSend: number;
  private readonly frameSize: number;
  private readonly rate: number;
  private readonly playout: PlayoutTracker;
  private readonly lead: number;
  private readonly markEvery: number;
  private paused = false;
  private timer: Timer | undefined;
  private t0 = -1;
  private framesSinceT0 = 0;
  /** When the transport runs dry during a stall (ms), or -1. */
  private dryAtMs = -1;
  /** Give up waiting for the last mark at this time (ms), or -1. */
  private markGraceUntil = -1;
  private epoch = 0;
  private readonly marks = new Map<string, number>();
  /** One closure for every tick's timer (a tick runs 50 times a second per speaking call). */
  private readonly onTick = () => this.tick();

  constructor(
    private readonly transport: CallTransport,
    private readonly time: CallClock,
    opts: AudioOutputOptions = {},
  ) {
    super('output');
    this.rate = transport.outputSampleRate;
    this.frameSize = frameSamples(this.rate);
    this.perSend = Math.max(1, transport.framesPerSend ?? 1);
    const buf = new Int16Array(this.frameSize * this.perSend);
    for (let i = 0; i < this.perSend; i++) {
      this.slots.push(buf.subarray(i * this.frameSize, (i + 1) * this.frameSize));
      this.sends.push(buf.subarray(0, (i + 1) * this.frameSize));
    }
    this.playout = new PlayoutTracker(this.rate);
    this.lead = opts.leadFrames ?? this.perSend + 10;
    this.markEvery = opts.markEveryFrames ?? 10;
  }

  /** Feed a transport's mark acknowledgement in (wired by the session). */
  markPlayed(id: string): void {
    const pos = this.marks.get(id);
    if (pos === undefined) return;
    this.marks.delete(id);
    this.playout.onMark(pos, this.time.now());
    this.time.clearTimeout(this.timer);
    this.tick();
  }

  protected override process(frame: Frame, direction: Direction): void {
    if (direction === 'up') {
      this.push(frame, direction);
      return;
    }
    switch (frame.type) {
      case 'speech.start':
        if (!frame.speech.isDone) this.utterances.push(new Utterance(frame.speech));
        break;
      case 'tts.sentence':
        this.find(frame.speech)?.addSentence(frame.text);
        break;
      case 'tts.audio': {
        const u = this.find(frame.speech);
        if (!u) break;
        u.audio.write(frame.pcm);
        if (u === this.utterances[0] && this.dryAtMs >= 0) this.endStall();
        break;
      }
      case 'speech.end': {
        const u = this.find(frame.speech);
        if (u) u.ended = true;
        break;
      }
      case 'output.pause':
        this.pause();
        return;
      case 'output.resume':
        this.paused = false;
        break;
      default:
        this.push(frame, direction);
        return;
    }
    this.schedule();
  }

  protected override onInterruption(): void {
    const now = this.time.now();
    const current = this.utterances[0];
    if (current && !current.speech.allowInterruptions) return;
    if (current) {
      const played = this.paused || current.startedAtMs < 0 ? current.sent : this.playout.played(now);
      if (!this.paused && current.startedAtMs >= 0) this.clearTransport(now);
      this.finish(current, played, true);
    }
    for (const u of this.utterances.slice()) if (u.speech.allowInterruptions) this.finish(u, 0, true);
    this.paused = false;
    this.schedule();
  }

  protected override async cleanup(): Promise<void> {
    this.time.clearTimeout(this.timer);
    this.timer = undefined;
    for (const u of this.utterances.slice())
      this.finish(u, u.startedAtMs < 0 ? 0 : this.playout.played(this.time.now()), true);
  }

  private find(speech: Utterance['speech']): Utterance | undefined {
    for (const u of this.utterances) if (u.speech === speech) return u;
    return undefined;
  }

  private pause(): void {
    const u = this.utterances[0];
    if (this.paused || (u && !u.speech.allowInterruptions)) return;
    this.paused = true;
    this.time.clearTimeout(this.timer);
    this.timer = undefined;
    if (!u || u.startedAtMs < 0) return;
    const now = this.time.now();
    const played = this.playout.played(now);
    this.clearTransport(now);
    // Resume continues from what the caller last heard.
    u.sent = played;
    this.playout.reset(now, played);
    this.t0 = -1;
    this.dryAtMs = -1;
  }

  private clearTransport(now: number): void {
    // Forget marks first: a transport may report them as played while clearing.
    this.epoch++;
    this.marks.clear();
    this.transport.clear();
    this.push({ kind: 'system', type: 'output.cleared', atMs: now });
  }

  /** Send what is due now and arrange the next tick. */
  private schedule(): void {
    if (this.timer !== undefined) return;
    this.tick();
  }

  private tick(): void {
    this.timer = undefined;
    for (;;) {
      const u = this.utterances[0];
      if (!u) return;
      if (u.speech.isDone) {
        this.utterances.shift();
        continue;
      }
      if (this.paused && u.speech.allowInterruptions) return;
      const now = this.time.now();
      if (u.startedAtMs < 0 && u.available > 0) this.begin(u, now);
      if (u.startedAtMs >= 0) this.sendDue(u, now);
      if (u.ended && u.available === 0) {
        const wait = this.drainWait(u, now);
        if (wait > 0) {
          this.timer = this.time.setTimeout(this.onTick, wait);
          return;
        }
        this.finish(u, u.sent, false);
        continue;
      }
      if (u.available === 0) {
        if (u.startedAtMs >= 0 && this.dryAtMs < 0) this.dryAtMs = now + this.playout.msUntilDrained(now);
        return;
      }
      // The next tick is when a whole send is due.
      const nextMs = this.t0 + (this.framesSinceT0 - this.lead + this.perSend) * FRAME_MS;
      this.timer = this.time.setTimeout(this.onTick, Math.max(0, nextMs - now));
      return;
    }
  }

  /** ms to wait before a fully sent speech counts as played: the estimate, then (with marks) the last mark. */
  private drainWait(u: Utterance, now: number): number {
    if (u.startedAtMs < 0) return 0;
    const wait = this.playout.msUntilDrained(now);
    if (wait > 0 || !this.transport.supportsMarks || this.marks.size === 0) return wait;
    if (this.markGraceUntil < 0) this.markGraceUntil = now + MARK_GRACE_MS;
    return this.markGraceUntil - now;
  }

  private begin(u: Utterance, now: number): void {
    u.startedAtMs = now;
    this.playout.reset(now);
    this.t0 = now;
    this.framesSinceT0 = 0;
    this.dryAtMs = -1;
    this.push({ kind: 'system', type: 'agent.started_speaking', speech: u.speech, atMs: now }, 'up');
  }

  /** Audio arrived after the buffer ran dry: count a gap the caller heard, restart pacing. */
  private endStall(): void {
    const now = this.time.now();
    if (now - this.dryAtMs > UNDERRUN_MS) this.stats.underruns++;
    this.dryAtMs = -1;
    this.t0 = now;
    this.framesSinceT0 = Math.ceil(this.playout.msUntilDrained(now) / FRAME_MS);
  }

  private sendDue(u: Utterance, now: number): void {
    if (this.t0 < 0) {
      this.t0 = now;
      this.framesSinceT0 = 0;
    }
    const target = this.lead + Math.floor((now - this.t0) / FRAME_MS);
    let batched = 0;
    while (this.framesSinceT0 < target && (u.available >= this.frameSize || (u.ended && u.available > 0))) {
      const n = Math.min(this.frameSize, u.available);
      const frame = this.slots[batched++]!;
      frame.set(u.audio.view(u.sent, u.sent + n));
      if (n < this.frameSize) frame.fill(0, n);
      u.sent += n;
      this.framesSinceT0++;
      this.stats.framesSent++;
      this.push({ kind: 'system', type: 'audio.out', pcm: frame, sampleRate: this.rate, atMs: now });
      const mark =
        this.transport.supportsMarks &&
        (this.framesSinceT0 % this.markEvery === 0 || (u.ended && u.available === 0));
      if (batched < this.perSend && !mark) continue;
      this.send(batched, now);
      batched = 0;
      if (mark) this.sendMark(u);
    }
    if (batched > 0) this.send(batched, now);
  }

  private send(frames: number, now: number): void {
    this.transport.sendAudio(this.sends[frames - 1]!);
    this.playout.onSent(frames * this.frameSize, now);
  }

  private sendMark(u: Utterance): void {
    const id = `${this.epoch}:${u.speech.id}:${u.sent}`;
    this.marks.set(id, this.playout.sentSamples);
    this.transport.mark(id);
  }

  private finish(u: Utterance, played: number, interrupted: boolean): void {
    const i = this.utterances.indexOf(u);
    if (i >= 0) this.utterances.splice(i, 1);
    if (u.speech.isDone) return;
    const now = this.time.now();
    const text = interrupted ? u.heardText(played) : u.fullText;
    const startMs = u.startedAtMs;
    const endMs = startMs < 0 ? -1 : now;
    u.speech.finish({ text, interrupted, startMs, endMs });
    this.push(
      { kind: 'system', type: 'agent.speech_done', speech: u.speech, text, startMs, endMs, interrupted },
      'up',
    );
    if (i === 0) {
      this.t0 = -1;
      this.dryAtMs = -1;
      this.markGraceUntil = -1;
      this.marks.clear();
    }
  }
}
