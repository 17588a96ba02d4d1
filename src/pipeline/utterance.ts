import { PcmBuffer } from './audio/pcm.ts';
import type { SpeechHandle } from './speech-handle.ts';

/** One speech's synthesised audio at the output rate, with the text of each sentence and where its audio starts. */
export class Utterance {
  readonly audio = new PcmBuffer(8192);
  private readonly sentences: { start: number; text: string }[] = [];
  /** No more text or audio will come. */
  ended = false;
  /** Samples handed to the transport (read position). */
  sent = 0;
  /** ms since call start of the first frame sent; -1 before. */
  startedAtMs = -1;

  constructor(readonly speech: SpeechHandle) {}

  /** The audio that follows belongs to a sentence with this text. */
  addSentence(text: string): void {
    this.sentences.push({ start: this.audio.length, text });
  }

  get available(): number {
    return this.audio.length - this.sent;
  }

  get fullText(): string {
    return this.sentences
      .map((s) => s.text.trim())
      .filter((t) => t.length > 0)
      .join(' ');
  }

  /**
   * Text the caller heard after `played` samples: whole sentences played, plus the share of the
   * words of the sentence playing at that moment proportional to its audio played.
   */
  heardText(played: number): string {
    const out: string[] = [];
    for (let i = 0; i < this.sentences.length; i++) {
      const s = this.sentences[i]!;
      if (played <= s.start) break;
      const end = this.sentences[i + 1]?.start ?? this.audio.length;
      const text = s.text.trim();
      if (played >= end) {
        if (text) out.push(text);
        continue;
      }
      const words = text.split(/\s+/).filter((w) => w.length > 0);
      const share = Math.floor((words.length * (played - s.start)) / Math.max(1, end - s.start));
      if (share > 0) out.push(words.slice(0, share).join(' '));
      break;
    }
    return out.join(' ');
  }
}
