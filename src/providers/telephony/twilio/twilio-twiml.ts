import VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';

/** `<Connect><Stream>`: a bidirectional media stream to Parley, naming the call and its media token. */
export function connectStreamTwiml(mediaUrl: string, params: Record<string, string>): string {
  const r = new VoiceResponse();
  const stream = r.connect().stream({ url: mediaUrl });
  for (const [name, value] of Object.entries(params)) stream.parameter({ name, value });
  return r.toString();
}

/** Cold transfer: dial `to` with our number as caller id; the Parley leg ends. */
export function dialTwiml(to: string, callerId: string): string {
  const r = new VoiceResponse();
  r.dial({ callerId }, to);
  return r.toString();
}

/** Refuse the call without answering it: the caller hears busy or a "not in service" message. */
export function rejectTwiml(reason: 'busy' | 'rejected'): string {
  const r = new VoiceResponse();
  r.reject({ reason });
  return r.toString();
}
