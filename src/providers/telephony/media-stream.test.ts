import { describe, expect, it } from 'vitest';
import type { StreamProtocol } from './media-stream.ts';
import { telnyxMediaProtocol } from './telnyx/telnyx-media-protocol.ts';
import { twilioMediaProtocol } from './twilio/twilio-media-protocol.ts';

const payload = Buffer.from([0xff, 0x7f, 0x00, 0x80]).toString('base64');

// Messages as the vendors document them (Twilio media-streams/websocket-messages; Telnyx media streaming).
const twilio = {
  connected: { event: 'connected', protocol: 'Call', version: '1.0.0' },
  start: {
    event: 'start',
    sequenceNumber: '1',
    start: {
      accountSid: 'AC11111111111111111111111111111111',
      streamSid: 'MZ22222222222222222222222222222222',
      callSid: 'CA33333333333333333333333333333333',
      tracks: ['inbound'],
      mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      customParameters: { call_id: 'call_1', token: 'tok' },
    },
    streamSid: 'MZ22222222222222222222222222222222',
  },
  media: {
    event: 'media',
    sequenceNumber: '3',
    media: { track: 'inbound', chunk: '1', timestamp: '5', payload },
    streamSid: 'MZ22222222222222222222222222222222',
  },
  dtmf: {
    event: 'dtmf',
    streamSid: 'MZ2',
    sequenceNumber: '5',
    dtmf: { track: 'inbound_track', digit: '7' },
  },
  mark: { event: 'mark', sequenceNumber: '4', streamSid: 'MZ2', mark: { name: 'm1' } },
  stop: {
    event: 'stop',
    sequenceNumber: '5',
    stop: { accountSid: 'AC1', callSid: 'CA3' },
    streamSid: 'MZ2',
  },
};
const telnyx = {
  connected: { event: 'connected', version: '1.0.0', 'x-telnyx-streaming-auth-token': 'tok' },
  start: {
    event: 'start',
    sequence_number: '1',
    start: {
      user_id: '3e6f995f-85f7-4705-9741-53b116d28237',
      call_control_id: 'v3:MdI91X4lWFEs7IgbBEOT9M4AigoY08M0WWZFISt1Yw2axZ_IiE4pqg',
      client_state: 'aGF2ZSBhIG5pY2UgZGF5ID1d',
      media_format: { encoding: 'PCMU', sample_rate: 8000, channels: 1 },
    },
    stream_id: '32de0dea-53cb-4b21-89a4-9e1819c043bc',
  },
  media: {
    event: 'media',
    sequence_number: '4',
    media: { track: 'inbound', chunk: '2', timestamp: '5', payload },
    stream_id: '32de0dea-53cb-4b21-89a4-9e1819c043bc',
  },
  dtmf: {
    event: 'dtmf',
    stream_id: 's',
    occurred_at: '2024-01-01T00:00:00Z',
    sequence_number: '5',
    dtmf: { digit: '7' },
  },
  mark: { event: 'mark', sequence_number: '6', stream_id: 's', mark: { name: 'm1' } },
  stop: {
    event: 'stop',
    sequence_number: '7',
    stop: { user_id: 'u', call_control_id: 'v3:x' },
    stream_id: 's',
  },
};

const cases: [string, StreamProtocol, typeof twilio | typeof telnyx, string, string][] = [
  [
    'twilio',
    twilioMediaProtocol,
    twilio,
    'CA33333333333333333333333333333333',
    'MZ22222222222222222222222222222222',
  ],
  [
    'telnyx',
    telnyxMediaProtocol,
    telnyx,
    'v3:MdI91X4lWFEs7IgbBEOT9M4AigoY08M0WWZFISt1Yw2axZ_IiE4pqg',
    '32de0dea-53cb-4b21-89a4-9e1819c043bc',
  ],
];

describe.each(cases)('%s media stream protocol', (_name, protocol, m, callId, streamId) => {
  const parse = (o: unknown) => protocol.parse(JSON.stringify(o));

  it('reads start with the stream, call, parameters and μ-law 8 kHz format', () => {
    const e = parse(m.start);
    expect(e).toMatchObject({
      kind: 'start',
      streamId,
      carrierCallId: callId,
      encoding: 'audio/x-mulaw',
      sampleRate: 8000,
    });
  });

  it('reads the caller track, dtmf, marks and stop', () => {
    expect(parse(m.media)).toEqual({ kind: 'audio', payload });
    expect(parse(m.dtmf)).toEqual({ kind: 'dtmf', digit: '7' });
    expect(parse(m.mark)).toEqual({ kind: 'mark', name: 'm1' });
    expect(parse(m.stop)).toEqual({ kind: 'stop' });
    expect(parse(m.connected)?.kind).toBe('connected');
  });

  it('skips the outbound track (our own audio echoed back)', () => {
    expect(parse({ ...m.media, media: { ...m.media.media, track: 'outbound' } })?.kind).toBe('ignored');
  });

  it('refuses malformed messages', () => {
    expect(protocol.parse('not json')).toBeUndefined();
    expect(parse({ event: 'media', media: {} })).toBeUndefined();
    expect(parse({ event: 'dtmf', dtmf: { digit: '12' } })).toBeUndefined();
    expect(parse({ event: 'nonsense' })).toBeUndefined();
  });

  it('writes media, mark and clear messages', () => {
    const media = JSON.parse(protocol.media(streamId, payload));
    expect(media).toMatchObject({ event: 'media', media: { payload } });
    expect(JSON.parse(protocol.mark(streamId, 'x'))).toMatchObject({ event: 'mark', mark: { name: 'x' } });
    expect(JSON.parse(protocol.clear(streamId))).toMatchObject({ event: 'clear' });
  });
});

describe('carrier-specific framing', () => {
  it('twilio names the stream in every outbound message', () => {
    expect(JSON.parse(twilioMediaProtocol.media('MZ1', payload))).toEqual({
      event: 'media',
      streamSid: 'MZ1',
      media: { payload },
    });
    expect(JSON.parse(twilioMediaProtocol.clear('MZ1'))).toEqual({ event: 'clear', streamSid: 'MZ1' });
    expect(JSON.parse(twilioMediaProtocol.mark('MZ1', 'a'))).toEqual({
      event: 'mark',
      streamSid: 'MZ1',
      mark: { name: 'a' },
    });
  });

  it('telnyx frames carry no stream id and the connected frame repeats the auth token', () => {
    expect(JSON.parse(telnyxMediaProtocol.media('s', payload))).toEqual({
      event: 'media',
      media: { payload },
    });
    expect(JSON.parse(telnyxMediaProtocol.clear('s'))).toEqual({ event: 'clear' });
    expect(telnyxMediaProtocol.parse(JSON.stringify(telnyx.connected))).toEqual({
      kind: 'connected',
      token: 'tok',
    });
    const error = { event: 'error', payload: { code: 100002, title: 'unknown_error', detail: 'x' } };
    expect(telnyxMediaProtocol.parse(JSON.stringify(error))).toMatchObject({
      kind: 'ignored',
      event: 'error',
    });
  });
});
