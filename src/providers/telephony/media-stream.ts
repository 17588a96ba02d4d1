/**
 * The carriers' media-stream WebSocket protocols (Twilio Media Streams, Telnyx media streaming) reduced
 * to what Parley needs: each carrier folder implements `StreamProtocol`, and one `CarrierMediaTransport`
 * turns it into the engine's CallTransport.
 */

/** One message from the carrier, normalised. Audio is the caller's track only, as base64 8 kHz μ-law. */
export type StreamEvent =
  /** `token`: Telnyx repeats the stream auth token here. */
  | { kind: 'connected'; token?: string | undefined }
  | {
      kind: 'start';
      streamId: string;
      /** Twilio CallSid / Telnyx call_control_id. */
      carrierCallId: string;
      /** Custom parameters (Twilio `<Parameter>`s, Telnyx `custom_parameters`). */
      params: Record<string, string>;
      encoding: string;
      sampleRate: number;
    }
  | { kind: 'audio'; payload: string }
  | { kind: 'dtmf'; digit: string }
  | { kind: 'mark'; name: string }
  | { kind: 'stop' }
  /** Well-formed but nothing to act on (the far end's echo of our own track, errors we only log). */
  | { kind: 'ignored'; event: string; detail?: string };

/** A carrier's media-stream wire format. `parse` returns undefined for malformed messages. */
export interface StreamProtocol {
  readonly carrier: 'twilio' | 'telnyx';
  parse(text: string): StreamEvent | undefined;
  media(streamId: string, payloadBase64: string): string;
  mark(streamId: string, name: string): string;
  clear(streamId: string): string;
}

/** The audio format both carriers stream in Parley's setup (G.711 μ-law, 8 kHz, mono). */
export const carrierAudio = { encoding: 'audio/x-mulaw', sampleRate: 8000 } as const;

/** Parse a JSON text frame to an object, or undefined. */
export function parseJsonFrame(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The messages both carriers shape alike once parsed: caller media, DTMF, marks, stop. */
export type CommonMessage =
  | { event: 'media'; media: { track?: string | undefined; payload: string } }
  | { event: 'dtmf'; dtmf: { digit: string } }
  | { event: 'mark'; mark: { name: string } }
  | { event: 'stop' };

/** Map a common message; media of any track but the caller's (inbound) is our own audio echoed back. */
export function commonEvent(m: CommonMessage): StreamEvent {
  switch (m.event) {
    case 'media':
      return m.media.track && m.media.track !== 'inbound'
        ? { kind: 'ignored', event: `media:${m.media.track}` }
        : { kind: 'audio', payload: m.media.payload };
    case 'dtmf':
      return { kind: 'dtmf', digit: m.dtmf.digit };
    case 'mark':
      return { kind: 'mark', name: m.mark.name };
    case 'stop':
      return { kind: 'stop' };
  }
}
