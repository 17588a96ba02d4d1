import type { SpeechHandle } from './speech-handle.ts';

/**
 * Everything that moves through a pipeline. `system` frames skip processor queues and are never
 * dropped; `data` and `control` frames are queued in order and dropped by an interruption unless
 * `uninterruptible`. All times (`…Ms`) are ms since the call started, on the session's clock.
 */
export type FrameKind = 'system' | 'data' | 'control';

/** Why a call ended (decisions §4; the subset the engine itself can produce). */
export type EndReason =
  | 'api_stop'
  | 'agent_hangup'
  | 'end_call_phrase'
  | 'customer_hangup'
  | 'silence_timeout'
  | 'max_duration'
  | 'voicemail'
  | 'transfer'
  | 'provider_error'
  | 'error';

/** Per-turn latency sample names (decisions §4 `events[].type`). */
export type MetricName = 'stt' | 'llm_ttft' | 'tts_ttfb' | 'eou_delay' | 'e2e' | 'kb' | `tool:${string}`;

type Sys = { kind: 'system'; uninterruptible?: true };
type Data = { kind: 'data'; uninterruptible?: true };
type Ctl = { kind: 'control'; uninterruptible?: true };

export type Frame =
  // Caller input. `pcm` is PCM16 mono owned by the frame; `ptsMs` is when its last sample arrived.
  | (Data & { type: 'audio.in'; pcm: Int16Array; sampleRate: number; ptsMs: number })
  | (Data & { type: 'dtmf'; digit: string; atMs: number })
  // Voice activity (from the VAD); `atMs` of `stopped` is the end of the last speech window.
  | (Sys & { type: 'user.started_speaking'; atMs: number })
  | (Sys & { type: 'user.speaking'; atMs: number; speechMs: number })
  | (Sys & { type: 'user.stopped_speaking'; atMs: number; speechMs: number })
  // Transcription (from the STT processor).
  | (Data & { type: 'transcript.interim'; text: string; atMs: number })
  | (Data & { type: 'transcript.final'; text: string; atMs: number })
  // A committed user turn; `noReply` records it without asking the LLM (e.g. an end-call phrase).
  | (Data & {
      type: 'user.turn';
      text: string;
      source: 'speech' | 'dtmf';
      startMs: number;
      speechEndMs: number;
      atMs: number;
      noReply?: true;
    })
  // Agent speech: a request to say fixed text, then the LLM → TTS → output flow of one SpeechHandle.
  | (Ctl & { type: 'agent.say'; speech: SpeechHandle; text: string; addToContext: boolean })
  | (Ctl & { type: 'speech.start'; speech: SpeechHandle })
  | (Data & { type: 'llm.text'; speech: SpeechHandle; text: string })
  | (Ctl & { type: 'speech.end'; speech: SpeechHandle })
  | (Ctl & { type: 'tts.sentence'; speech: SpeechHandle; text: string })
  | (Data & { type: 'tts.audio'; speech: SpeechHandle; pcm: Int16Array })
  // Output state, reported upstream by the audio output.
  | (Sys & { type: 'agent.speech_created'; speech: SpeechHandle })
  | (Sys & { type: 'agent.started_speaking'; speech: SpeechHandle; atMs: number })
  | (Sys & {
      type: 'agent.speech_done';
      speech: SpeechHandle;
      text: string;
      startMs: number;
      endMs: number;
      interrupted: boolean;
    })
  // Audio handed to the transport; `pcm` is a reused buffer: observers copy it synchronously.
  | (Sys & { type: 'audio.out'; pcm: Int16Array; sampleRate: number; atMs: number })
  // The transport dropped its buffered audio at `atMs`: agent audio sent for later was never heard.
  | (Sys & { type: 'output.cleared'; atMs: number })
  // Barge-in: pause output while deciding, then resume (false interruption) or interrupt.
  | (Sys & { type: 'output.pause' })
  | (Sys & { type: 'output.resume' })
  | (Sys & { type: 'interruption' })
  // Tools (from the LLM processor); `arguments` is the parsed object when it parses.
  | (Sys & { type: 'tool.call'; callId: string; name: string; arguments: unknown; atMs: number })
  | (Sys & {
      type: 'tool.result';
      callId: string;
      name: string;
      arguments: unknown;
      result: unknown;
      startMs: number;
      endMs: number;
    })
  | (Sys & { type: 'metric'; name: MetricName; ms: number; provider: string })
  // Requests to the session: end the call (optionally after a speech finishes) or transfer it.
  | (Sys & { type: 'call.end'; reason: EndReason; after?: SpeechHandle; message?: string })
  | (Sys & { type: 'call.transfer'; to: string; after?: SpeechHandle })
  | (Sys & { type: 'error'; error: Error; fatal: boolean; source: string });

export type FrameType = Frame['type'];
export type FrameOf<T extends FrameType> = Extract<Frame, { type: T }>;

/** Which way a frame travels: `down` from the caller towards the transport output, `up` back. */
export type Direction = 'down' | 'up';
