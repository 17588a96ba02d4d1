import type { EndReason } from './frames.ts';

/** Callbacks a transport delivers into the engine; each may be called any time after `attach`. */
export interface TransportHandlers {
  /**
   * Caller audio: PCM16 mono at `inputSampleRate`, normally 20 ms. The engine owns the array after the
   * call. `agoMs`: how long ago it arrived, for audio the transport kept until the engine attached.
   */
  audio(pcm: Int16Array, agoMs?: number): void;
  /** A keypad digit (`0-9`, `*`, `#`, `A-D`). */
  dtmf(digit: string): void;
  /** Playout reached a mark sent with `mark(id)` (or the mark was dropped by `clear()`; see `mark`). */
  markPlayed(id: string): void;
  /** The far end hung up or the media connection closed. */
  hangup(): void;
}

/**
 * The engine's view of one live call's media and control: what every carrier (Twilio, Telnyx,
 * sim) and web transport implements. All audio is PCM16 mono; codecs live in the transport.
 */
export interface CallTransport {
  readonly inputSampleRate: number;
  readonly outputSampleRate: number;
  /** True when `mark` round-trips (playout is then tracked from marks, not estimated). */
  readonly supportsMarks: boolean;
  /**
   * 20 ms frames the engine hands over per `sendAudio` once a speech is under way (default 1). A
   * transport that pays per message and buffers playout (the carriers) takes 2: one 40 ms message.
   */
  readonly framesPerSend?: number;
  attach(handlers: TransportHandlers): void;
  /** 20 ms of audio at `outputSampleRate`, or up to `framesPerSend` such frames back to back. Consumed synchronously: the engine reuses the array. */
  sendAudio(pcm: Int16Array): void;
  /** Drop audio buffered for playout (barge-in). Marks pending at that moment are reported as played. */
  clear(): void;
  /** Ask to be told (`markPlayed`) when everything sent before this point has been played. */
  mark(id: string): void;
  /** End the call from our side. */
  hangup(reason: EndReason): Promise<void>;
  /** Hand the call to another number (cold transfer); our leg then ends. */
  transfer(to: string): Promise<void>;
}
