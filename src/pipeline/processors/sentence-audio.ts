import type { TtsChunk } from '../../providers/tts/tts.ts';

/**
 * One sentence's synthesis, started while the sentence before it is still being handed on: its
 * audio is held until `play`, so sentences stay in order while the next one's time to first byte
 * overlaps the current one's audio. At most one sentence is held at a time (the TTS processor
 * waits for the playing one before starting the next), so the hold is bounded by one sentence.
 */
export class SentenceAudio {
  private readonly held: TtsChunk[] = [];
  private sink: ((chunk: TtsChunk) => void) | undefined;
  /** Resolves with the synthesis' error, or undefined once all its audio was emitted. */
  private readonly finished: Promise<unknown>;

  constructor(run: (emit: (chunk: TtsChunk) => void) => Promise<void>) {
    this.finished = run((chunk) => {
      if (this.sink) this.sink(chunk);
      else this.held.push(chunk);
    }).then(
      () => undefined,
      (e: unknown) => e ?? new Error('synthesis failed'),
    );
  }

  /** Hand the held audio to `sink`, then the rest as it comes; resolves with the synthesis' error, if any. */
  play(sink: (chunk: TtsChunk) => void): Promise<unknown> {
    for (const chunk of this.held) sink(chunk);
    this.held.length = 0;
    this.sink = sink;
    return this.finished;
  }
}
