import type { Clock } from '../../lib/clock.ts';
import type { EndReason } from '../frames.ts';
import type { CallTransport, TransportHandlers } from '../transport.ts';

/** An in-memory CallTransport for engine tests: records what the engine sends, injects caller input. */
export class FakeTransport implements CallTransport {
  readonly sent: { atMs: number; pcm: Int16Array }[] = [];
  readonly events: string[] = [];
  readonly marks: string[] = [];
  clears = 0;
  hungUp: EndReason | undefined;
  transferredTo: string | undefined;
  private handlers: TransportHandlers | undefined;
  private pendingMarks: string[] = [];

  constructor(
    private readonly clock: Clock,
    readonly inputSampleRate = 8000,
    readonly outputSampleRate = 8000,
    readonly supportsMarks = false,
    readonly framesPerSend = 1,
  ) {}

  attach(handlers: TransportHandlers): void {
    this.handlers = handlers;
  }
  sendAudio(frame: Int16Array): void {
    this.sent.push({ atMs: this.clock.monotonic(), pcm: frame.slice() });
  }
  clear(): void {
    this.clears++;
    this.events.push(`clear@${this.clock.monotonic()}`);
    // Like Twilio: pending marks come back at once after a clear.
    const pending = this.pendingMarks;
    this.pendingMarks = [];
    for (const m of pending) this.handlers?.markPlayed(m);
  }
  mark(id: string): void {
    this.marks.push(id);
    this.pendingMarks.push(id);
  }
  async hangup(reason: EndReason): Promise<void> {
    this.hungUp = reason;
    this.events.push(`hangup:${reason}`);
  }
  async transfer(to: string): Promise<void> {
    this.transferredTo = to;
    this.events.push(`transfer:${to}`);
  }

  /** Acknowledge the oldest pending mark (playout reached it). */
  ackMark(): void {
    const m = this.pendingMarks.shift();
    if (m !== undefined) this.handlers?.markPlayed(m);
  }
  /** Caller side. */
  emitAudio(pcm: Int16Array, agoMs?: number): void {
    this.handlers?.audio(pcm, agoMs);
  }
  emitDtmf(digit: string): void {
    this.handlers?.dtmf(digit);
  }
  emitHangup(): void {
    this.handlers?.hangup();
  }
  /** Total agent audio sent, in samples. */
  get sentSamples(): number {
    return this.sent.reduce((n, f) => n + f.pcm.length, 0);
  }
}
