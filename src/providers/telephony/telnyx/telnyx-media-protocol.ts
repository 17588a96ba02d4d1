import { z } from 'zod';
import { commonEvent, parseJsonFrame, type StreamEvent, type StreamProtocol } from '../media-stream.ts';

// Telnyx media streaming frames (docs: api-reference/websockets/stream-call-media-over-websocket).
// Snake-case fields, `stream_id` at the top level, string sequence numbers; extra fields tolerated.
const seq = z.union([z.string(), z.number()]).optional();
const authTokenKey = 'x-telnyx-streaming-auth-token';
const Connected = z
  .object({ event: z.literal('connected'), version: z.string().optional() })
  .loose()
  .transform((c) => {
    const nested = (c as { connected?: Record<string, unknown> }).connected?.[authTokenKey];
    const token = (c as Record<string, unknown>)[authTokenKey] ?? nested;
    return { ...c, token: typeof token === 'string' ? token : undefined };
  });
const Start = z.object({
  event: z.literal('start'),
  sequence_number: seq,
  stream_id: z.string().min(1),
  start: z.object({
    call_control_id: z.string().min(1),
    user_id: z.string().optional(),
    client_state: z.string().nullish(),
    custom_parameters: z.record(z.string(), z.string()).nullish(),
    media_format: z.object({
      encoding: z.string(),
      sample_rate: z.number(),
      channels: z.number().optional(),
    }),
  }),
});
const Media = z.object({
  event: z.literal('media'),
  stream_id: z.string().optional(),
  media: z.object({ track: z.string().optional(), chunk: seq, timestamp: seq, payload: z.string() }),
});
const Dtmf = z.object({
  event: z.literal('dtmf'),
  stream_id: z.string().optional(),
  dtmf: z.object({ digit: z.string().regex(/^[0-9*#A-D]$/) }),
});
const Mark = z.object({
  event: z.literal('mark'),
  stream_id: z.string().optional(),
  mark: z.object({ name: z.string() }),
});
const Stop = z.object({ event: z.literal('stop'), stream_id: z.string().optional() });
const ErrorFrame = z.object({
  event: z.literal('error'),
  payload: z
    .object({
      code: z.union([z.number(), z.string()]).optional(),
      title: z.string().optional(),
      detail: z.string().optional(),
    })
    .loose(),
});
const Message = z.discriminatedUnion('event', [Connected, Start, Media, Dtmf, Mark, Stop, ErrorFrame]);

/** Telnyx media streaming with `stream_bidirectional_mode: rtp` and PCMU: in connected/start/media/dtmf/mark/error/stop; out media/mark/clear. */
export const telnyxMediaProtocol: StreamProtocol = {
  carrier: 'telnyx',
  parse(text): StreamEvent | undefined {
    const r = Message.safeParse(parseJsonFrame(text));
    if (!r.success) return undefined;
    const m = r.data;
    switch (m.event) {
      case 'connected':
        return { kind: 'connected', token: m.token };
      case 'start': {
        const f = m.start.media_format;
        return {
          kind: 'start',
          streamId: m.stream_id,
          carrierCallId: m.start.call_control_id,
          params: m.start.custom_parameters ?? {},
          // Telnyx names the codec (PCMU); map it to the MIME name Twilio uses so callers check one value.
          encoding: f.encoding.toUpperCase() === 'PCMU' ? 'audio/x-mulaw' : f.encoding,
          sampleRate: f.sample_rate,
        };
      }
      case 'media':
      case 'dtmf':
      case 'mark':
      case 'stop':
        return commonEvent(m);
      case 'error':
        return {
          kind: 'ignored',
          event: 'error',
          detail: `${m.payload.code ?? ''} ${m.payload.title ?? ''} ${m.payload.detail ?? ''}`.trim(),
        };
    }
  },
  media: (_streamId, payload) => `{"event":"media","media":{"payload":"${payload}"}}`,
  mark: (_streamId, name) => JSON.stringify({ event: 'mark', mark: { name } }),
  clear: () => '{"event":"clear"}',
};
