import { z } from 'zod';

/** Server messages of Deepgram's live `/v1/listen` WebSocket (fields Parley reads). */
export const deepgramMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('Results'),
    start: z.number(),
    duration: z.number(),
    is_final: z.boolean().optional(),
    speech_final: z.boolean().optional(),
    from_finalize: z.boolean().optional(),
    channel: z.object({
      alternatives: z.array(z.object({ transcript: z.string(), confidence: z.number().optional() })),
    }),
  }),
  z.object({ type: z.literal('SpeechStarted'), timestamp: z.number() }),
  z.object({ type: z.literal('UtteranceEnd'), last_word_end: z.number() }),
  z.object({ type: z.literal('Metadata'), request_id: z.string().optional() }),
]);
export type DeepgramMessage = z.infer<typeof deepgramMessageSchema>;

/** The `/v1/listen` query for PCM16 mono with interim results, endpointing and VAD events. */
export function listenQuery(o: {
  model: string;
  language: string;
  sampleRate: number;
  endpointingMs: number;
  utteranceEndMs: number;
}): URLSearchParams {
  return new URLSearchParams({
    model: o.model,
    language: o.language,
    encoding: 'linear16',
    sample_rate: String(o.sampleRate),
    channels: '1',
    interim_results: 'true',
    endpointing: String(o.endpointingMs),
    // Deepgram rejects utterance_end_ms below 1000.
    utterance_end_ms: String(Math.max(1000, o.utteranceEndMs)),
    vad_events: 'true',
    punctuate: 'true',
  });
}

/** Deepgram's WebSocket URL for an http(s) or ws(s) base URL (DEEPGRAM_BASE_URL is https://…). */
export function listenUrl(baseUrl: string, query: URLSearchParams): string {
  const ws = baseUrl.replace(/^http(s?):\/\//i, 'ws$1://').replace(/\/+$/, '');
  return `${ws}/v1/listen?${query}`;
}
