import type { Stt, SttCapabilities, SttEvent, SttOptions, SttStream } from '../../stt/stt.ts';

/** A line the simulated party has started saying, timed on the line's clock (ms). */
export interface ScriptLine {
  text: string;
  /** First and last moment of actual speech in the line's audio. */
  onsetMs: number;
  speechEndMs: number;
}

/** What the simulator tells the script STT: the lines the party says, as it starts saying them. */
export class ScriptFeed {
  readonly lines: ScriptLine[] = [];
  add(line: ScriptLine): void {
    this.lines.push(line);
  }
}

/** Speech that must have gone out before a line counts as heard by a flush (a VAD window or two). */
const MIN_HEARD_MS = 60;

const words = (text: string) => text.split(/\s+/).filter((w) => w.length > 0);

class ScriptSttStream implements SttStream {
  private next = 0;
  private lastInterim = '';
  private closed = false;

  constructor(
    private readonly feed: ScriptFeed,
    private readonly now: () => number,
    private readonly onEvent: (e: SttEvent) => void,
  ) {
    // Lines said before this stream opened were not heard by it.
    this.next = feed.lines.length;
  }

  pushAudio(): void {
    if (this.closed) return;
    const text = this.partial();
    if (!text || text === this.lastInterim) return;
    this.lastInterim = text;
    this.emit({ type: 'interim', text });
  }

  /** The VAD closed a segment: everything the party has started saying is final now. */
  flush(): void {
    if (this.closed) return;
    const now = this.now();
    const heard: string[] = [];
    while (this.next < this.feed.lines.length && this.feed.lines[this.next]!.onsetMs + MIN_HEARD_MS <= now)
      heard.push(this.feed.lines[this.next++]!.text);
    this.lastInterim = '';
    this.emit({ type: 'final', text: heard.join(' '), speechFinal: true, confidence: 1 });
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Words of the lines in progress, revealed in proportion to how much of their speech has gone out. */
  private partial(): string {
    const now = this.now();
    const out: string[] = [];
    for (let i = this.next; i < this.feed.lines.length; i++) {
      const l = this.feed.lines[i]!;
      if (l.onsetMs > now) break;
      const w = words(l.text);
      const span = Math.max(1, l.speechEndMs - l.onsetMs);
      const n = Math.min(w.length, Math.ceil((w.length * (now - l.onsetMs)) / span));
      out.push(...w.slice(0, n));
    }
    return out.join(' ');
  }

  private emit(e: SttEvent): void {
    // Like a network reply, results never arrive inside the caller's own pushAudio/flush.
    queueMicrotask(() => {
      if (!this.closed) this.onEvent(e);
    });
  }
}

/**
 * Speech-to-text on simulated calls: the simulator knows what its party says, so the transcript is
 * that text — interim words while the line plays, the final when the engine's VAD closes the segment.
 */
export class ScriptStt implements Stt {
  readonly provider = 'script';
  readonly capabilities: SttCapabilities = { streaming: true, interimResults: true, wordTimestamps: false };

  constructor(
    private readonly feed: ScriptFeed,
    private readonly now: () => number,
  ) {}

  stream(_opts: SttOptions, onEvent: (e: SttEvent) => void): SttStream {
    return new ScriptSttStream(this.feed, this.now, onEvent);
  }
}
