import type { ProviderError } from '../errors.ts';

export interface SttCapabilities {
  /** Results arrive while audio streams (Deepgram); false = one request per utterance (Whisper). */
  streaming: boolean;
  interimResults: boolean;
  wordTimestamps: boolean;
}

export interface SttOptions {
  language: string;
  model?: string;
  /** Sample rate of the PCM16 mono audio that will be pushed. */
  sampleRate: number;
  /** Provider-side endpointing hint in ms, when supported. */
  endpointingMs?: number;
}

/** Transcription events; times are ms from the start of the stream's audio. */
export type SttEvent =
  | { type: 'interim'; text: string; startMs?: number; endMs?: number }
  | {
      type: 'final';
      text: string;
      confidence?: number;
      startMs?: number;
      endMs?: number;
      speechFinal?: boolean;
    }
  | { type: 'speech_started'; atMs?: number }
  | { type: 'utterance_end'; atMs?: number }
  | { type: 'error'; error: ProviderError; fatal: boolean };

/** One live transcription session. Never emits after `close()` resolves. */
export interface SttStream {
  /** PCM16 mono at the stream's sample rate; the array may be reused by the caller after return. */
  pushAudio(pcm: Int16Array): void;
  /** Finalise the current utterance now (Deepgram `Finalize`; Whisper: transcribe the buffer). */
  flush(): void;
  close(): Promise<void>;
}

/** A speech-to-text provider. */
export interface Stt {
  readonly provider: string;
  readonly capabilities: SttCapabilities;
  stream(opts: SttOptions, onEvent: (e: SttEvent) => void): SttStream;
}
