import { z } from 'zod';
import { commonEvent, parseJsonFrame, type StreamEvent, type StreamProtocol } from '../media-stream.ts';

// Twilio Media Streams messages (docs: voice/media-streams/websocket-messages). Numbers such as
// sequenceNumber, chunk and timestamp arrive as strings; unknown extra fields are tolerated.
const seq = z.union([z.string(), z.number()]).optional();
const Connected = z.object({ event: z.literal('connected'), protocol: z.string().optional() });
const Start = z.object({
  event: z.literal('start'),
  sequenceNumber: seq,
  streamSid: z.string().optional(),
  start: z.object({
    streamSid: z.string().min(1),
    accountSid: z.string().optional(),
    callSid: z.string().min(1),
    tracks: z.array(z.string()).optional(),
    customParameters: z.record(z.string(), z.string()).optional(),
    mediaFormat: z.object({ encoding: z.string(), sampleRate: z.number(), channels: z.number().optional() }),
  }),
});
const Media = z.object({
  event: z.literal('media'),
  streamSid: z.string().optional(),
  media: z.object({
    track: z.string().optional(),
    chunk: seq,
    timestamp: seq,
    payload: z.string(),
  }),
});
const Dtmf = z.object({
  event: z.literal('dtmf'),
  streamSid: z.string().optional(),
  dtmf: z.object({ track: z.string().optional(), digit: z.string().regex(/^[0-9*#A-D]$/) }),
});
const Mark = z.object({
  event: z.literal('mark'),
  streamSid: z.string().optional(),
  mark: z.object({ name: z.string() }),
});
const Stop = z.object({ event: z.literal('stop'), streamSid: z.string().optional() });
const Message = z.discriminatedUnion('event', [Connected, Start, Media, Dtmf, Mark, Stop]);

/** Twilio Media Streams (bidirectional, `<Connect><Stream>`): in connected/start/media/dtmf/mark/stop; out media/mark/clear. */
export const twilioMediaProtocol: StreamProtocol = {
  carrier: 'twilio',
  parse(text): StreamEvent | undefined {
    const r = Message.safeParse(parseJsonFrame(text));
    if (!r.success) return undefined;
    const m = r.data;
    switch (m.event) {
      case 'connected':
        return { kind: 'connected' };
      case 'start':
        return {
          kind: 'start',
          streamId: m.start.streamSid,
          carrierCallId: m.start.callSid,
          params: m.start.customParameters ?? {},
          encoding: m.start.mediaFormat.encoding,
          sampleRate: m.start.mediaFormat.sampleRate,
        };
      case 'media':
      case 'dtmf':
      case 'mark':
      case 'stop':
        return commonEvent(m);
    }
  },
  media: (streamSid, payload) =>
    `{"event":"media","streamSid":${JSON.stringify(streamSid)},"media":{"payload":"${payload}"}}`,
  mark: (streamSid, name) => JSON.stringify({ event: 'mark', streamSid, mark: { name } }),
  clear: (streamSid) => JSON.stringify({ event: 'clear', streamSid }),
};
