import { asLanguageCode, stt } from '@livekit/agents';
import { reference } from '../../scenario/reference.ts';
import type { CallerLine } from './caller-line.ts';

const speech = (type: stt.SpeechEventType, text: string): stt.SpeechEvent => ({
  type,
  alternatives: [{ text, language: asLanguageCode('en'), startTime: 0, endTime: 0, confidence: 1 }],
});

/** The reference STT double: an interim 200 ms into speech, the final transcript 100 ms after speech end. */
class ReferenceSttStream extends stt.SpeechStream {
  label = 'reference-stt.stream';
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    owner: ReferenceStt,
    private readonly line: CallerLine,
  ) {
    super(owner);
  }

  private later(ms: number, fn: () => void) {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.closed) fn();
    }, ms);
    this.timers.add(t);
  }

  private readonly onStart = (text: string) =>
    this.later(reference.sttInterimAfterStartMs, () =>
      this.queue.put(speech(stt.SpeechEventType.INTERIM_TRANSCRIPT, text.split(' ').slice(0, 2).join(' '))),
    );

  private readonly onEnd = (text: string) =>
    this.later(reference.sttFinalMs, () => {
      this.queue.put(speech(stt.SpeechEventType.FINAL_TRANSCRIPT, text));
      this.queue.put(speech(stt.SpeechEventType.END_OF_SPEECH, text));
    });

  protected async run(): Promise<void> {
    this.line.on('speechStart', this.onStart);
    this.line.on('speechEnd', this.onEnd);
    try {
      for await (const _ of this.input) {
        // The audio is heard; the transcript timing comes from the caller's script.
      }
    } finally {
      this.line.off('speechStart', this.onStart);
      this.line.off('speechEnd', this.onEnd);
      for (const t of this.timers) clearTimeout(t);
    }
  }
}

export class ReferenceStt extends stt.STT {
  label = 'reference-stt';
  constructor(private readonly line: CallerLine) {
    super({ streaming: true, interimResults: true, diarization: false, alignedTranscript: false });
  }
  protected async _recognize(): Promise<stt.SpeechEvent> {
    throw new Error('the reference STT only streams');
  }
  stream(): stt.SpeechStream {
    return new ReferenceSttStream(this, this.line);
  }
}
