/** What the caller actually heard of one agent speech. */
export interface SpeechResult {
  /** Text heard: all of it, or (when interrupted) the part played before the interruption. */
  text: string;
  interrupted: boolean;
  /** ms since call start; both are -1 when no audio was ever played. */
  startMs: number;
  endMs: number;
}

export type SpeechSource = 'greeting' | 'reply' | 'reminder' | 'say';

/**
 * One unit of agent speech: created by whoever starts it (LLM reply, greeting, reminder), finished
 * by the audio output once played out or interrupted. Awaitable through `done`.
 */
export class SpeechHandle {
  /** Unique within the call (the LLM processor numbers its speeches). */
  readonly id: number;
  readonly allowInterruptions: boolean;
  readonly source: SpeechSource;
  readonly done: Promise<SpeechResult>;
  private resolve!: (r: SpeechResult) => void;
  private finished: SpeechResult | undefined;

  constructor(opts: { id: number; allowInterruptions: boolean; source: SpeechSource }) {
    this.id = opts.id;
    this.allowInterruptions = opts.allowInterruptions;
    this.source = opts.source;
    this.done = new Promise((r) => {
      this.resolve = r;
    });
  }

  get isDone(): boolean {
    return this.finished !== undefined;
  }

  get interrupted(): boolean {
    return this.finished?.interrupted ?? false;
  }

  get result(): SpeechResult | undefined {
    return this.finished;
  }

  /** Settle the handle; later calls are ignored (the first outcome wins). */
  finish(r: SpeechResult): void {
    if (this.finished) return;
    this.finished = r;
    this.resolve(r);
  }
}
