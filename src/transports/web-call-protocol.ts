import { z } from 'zod';

/**
 * The built-in web-call WebSocket protocol (`/v1/web-calls/stream`, docs/web-calls.md). Audio is
 * binary PCM16 little-endian mono both ways (browser → 16 kHz; server → `output_sample_rate`); control
 * messages are JSON text.
 */
export const webInputSampleRate = 16000;
export const webOutputSampleRate = 16000;

/** Browser → server. The first message must be `start` with the participant token. */
export const webClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), token: z.string().min(1).max(4096) }),
  /** Playout reached a mark the server sent (or the mark was dropped by `clear`). */
  z.object({ type: z.literal('mark'), name: z.string().max(200) }),
  z.object({ type: z.literal('dtmf'), digit: z.string().regex(/^[0-9*#A-D]$/) }),
  z.object({ type: z.literal('hangup') }),
]);
export type WebClientMessage = z.infer<typeof webClientMessage>;

/** Call states the browser sees (reference §4.12). */
export type WebCallState = 'connecting' | 'active' | 'ended';

/** Server → browser. */
export type WebServerMessage =
  | {
      type: 'ready';
      call_id: string;
      input_sample_rate: number;
      output_sample_rate: number;
    }
  | { type: 'state'; state: WebCallState; end_reason?: string }
  | { type: 'transcript'; role: 'user' | 'assistant'; content: string; final: boolean }
  | { type: 'clear' }
  | { type: 'mark'; name: string }
  | { type: 'error'; code: string; message: string };
