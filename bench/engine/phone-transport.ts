import type { EndReason } from '../../src/pipeline/frames.ts';
import type { CallTransport, TransportHandlers } from '../../src/pipeline/transport.ts';
import { reference } from '../scenario/reference.ts';

/**
 * An in-process phone line for the engine bench: caller frames go in through `handlers.audio`;
 * agent frames are timed as they are handed over and "played" in real time on the far side (a
 * buffer, as Twilio's), so each is also timed when it is heard and marks come back when the audio
 * before them has played.
 */
export class PhoneTransport implements CallTransport {
  readonly inputSampleRate = reference.sampleRate;
  readonly outputSampleRate = reference.sampleRate;
  readonly supportsMarks = true;
  handlers: TransportHandlers | undefined;
  /** When the far end will have played everything sent so far. */
  private playEnd = 0;
  private readonly marks = new Map<string, NodeJS.Timeout>();
  private idle: NodeJS.Timeout | undefined;

  constructor(
    /** A frame handed over at `handedAt` is heard from `at` (at once if the far end had run dry). */
    private readonly onAgentFrame: (at: number, handedAt: number) => void,
    private readonly onAgentFinished: () => void,
    private readonly onClear: (at: number) => void = () => {},
  ) {}

  attach(handlers: TransportHandlers): void {
    this.handlers = handlers;
  }

  sendAudio(_frame: Int16Array): void {
    const now = performance.now();
    const heardAt = Math.max(now, this.playEnd);
    this.onAgentFrame(heardAt, now);
    this.playEnd = heardAt + reference.frameMs;
    // The reply has finished playing once the far end ran dry with nothing new sent; one timer per
    // reply that re-arms itself while frames keep coming (a timer per frame was the harness's garbage).
    this.idle ??= setTimeout(this.checkIdle, this.playEnd - now + reference.frameMs);
  }

  private readonly checkIdle = () => {
    const left = this.playEnd + reference.frameMs - performance.now();
    this.idle = left > 0 ? setTimeout(this.checkIdle, left) : undefined;
    if (left <= 0) this.onAgentFinished();
  };

  clear(): void {
    this.playEnd = performance.now();
    this.onClear(this.playEnd);
    for (const [id, t] of this.marks) {
      clearTimeout(t);
      this.handlers?.markPlayed(id);
    }
    this.marks.clear();
  }

  mark(id: string): void {
    const t = setTimeout(
      () => {
        this.marks.delete(id);
        this.handlers?.markPlayed(id);
      },
      Math.max(0, this.playEnd - performance.now()),
    );
    this.marks.set(id, t);
  }

  async hangup(_reason: EndReason): Promise<void> {
    this.close();
  }

  async transfer(_to: string): Promise<void> {
    this.close();
  }

  close(): void {
    clearTimeout(this.idle);
    this.idle = undefined;
    for (const t of this.marks.values()) clearTimeout(t);
    this.marks.clear();
  }
}
