import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.ts';
import { mulawDecode, mulawEncode } from '../../pipeline/audio/mulaw.ts';
import type { TransportHandlers } from '../../pipeline/transport.ts';
import {
  CarrierMediaTransport,
  type LiveCallControl,
  type MediaSocket,
  maxBackloggedFrames,
} from './carrier-media-transport.ts';
import { twilioMediaProtocol } from './twilio/twilio-media-protocol.ts';

class RecordingSocket implements MediaSocket {
  readonly sent: unknown[] = [];
  closed: number | undefined;
  send(text: string) {
    this.sent.push(JSON.parse(text));
  }
  close(code?: number) {
    this.closed = code ?? 1005;
  }
}

function setup(control: Partial<LiveCallControl> = {}) {
  const socket = new RecordingSocket();
  const actions: string[] = [];
  const ctl: LiveCallControl = {
    carrier: 'twilio',
    carrierCallId: 'CA1',
    hangup: async () => void actions.push('hangup'),
    transfer: async (to) => void actions.push(`transfer:${to}`),
    ...control,
  };
  const clock = new ManualClock(1000);
  const t = new CarrierMediaTransport(socket, twilioMediaProtocol, 'MZ1', ctl, clock);
  const got = {
    audio: [] as Int16Array[],
    ago: [] as (number | undefined)[],
    dtmf: [] as string[],
    marks: [] as string[],
    hangups: 0,
  };
  const handlers: TransportHandlers = {
    audio: (pcm, agoMs) => {
      got.audio.push(pcm);
      got.ago.push(agoMs);
    },
    dtmf: (d) => got.dtmf.push(d),
    markPlayed: (id) => got.marks.push(id),
    hangup: () => got.hangups++,
  };
  return { socket, t, got, handlers, actions, clock };
}

const tone = () => Int16Array.from({ length: 160 }, (_, i) => Math.round(8000 * Math.sin(i / 3)));

describe('CarrierMediaTransport', () => {
  it('decodes the caller μ-law into PCM16 frames the engine owns', () => {
    const { t, got, handlers } = setup();
    t.attach(handlers);
    const pcm = tone();
    const payload = Buffer.from(mulawEncode(pcm)).toString('base64');
    t.receive({ kind: 'audio', payload });
    t.receive({ kind: 'audio', payload });
    expect(got.audio).toHaveLength(2);
    expect(got.audio[0]).toEqual(mulawDecode(mulawEncode(pcm)));
    expect(got.audio[0]).not.toBe(got.audio[1]);
  });

  it('keeps caller audio that arrives before the engine attaches, and hands it over with its age', () => {
    const { t, got, handlers, clock } = setup();
    const frame = (v: number) => ({
      kind: 'audio' as const,
      payload: Buffer.from(mulawEncode(new Int16Array(160).fill(v))).toString('base64'),
    });
    // One frame waited for the transport itself (the media socket's own early buffer).
    t.receive(frame(100), 990);
    for (let i = 0; i < 3; i++) {
      t.receive(frame(200 + i));
      clock.advance(20);
    }
    expect(got.audio).toHaveLength(0);
    clock.advance(440);
    t.attach(handlers);
    expect(got.ago).toEqual([510, 500, 480, 460]);
    expect(got.audio.map((p) => mulawDecode(mulawEncode(p))[0])).toEqual(
      [100, 200, 201, 202].map((v) => mulawDecode(mulawEncode(new Int16Array([v])))[0]),
    );
    // Live audio after that carries no age.
    t.receive(frame(300));
    expect(got.ago.at(-1)).toBeUndefined();
  });

  it('keeps at most the last 5 s of early audio', () => {
    const { t, got, handlers } = setup();
    const payload = Buffer.from(mulawEncode(new Int16Array(160))).toString('base64');
    for (let i = 0; i < maxBackloggedFrames + 30; i++) t.receive({ kind: 'audio', payload });
    t.attach(handlers);
    expect(got.audio).toHaveLength(maxBackloggedFrames);
    expect(maxBackloggedFrames * 20).toBe(5000);
  });

  it('encodes agent frames as base64 μ-law media messages for the stream', () => {
    const { t, socket } = setup();
    const pcm = tone();
    t.sendAudio(pcm);
    const m = socket.sent[0] as { event: string; streamSid: string; media: { payload: string } };
    expect(m.event).toBe('media');
    expect(m.streamSid).toBe('MZ1');
    expect(new Uint8Array(Buffer.from(m.media.payload, 'base64'))).toEqual(mulawEncode(pcm));
  });

  it('takes two frames per send and puts them in one 40 ms media message', () => {
    const { t, socket } = setup();
    expect(t.framesPerSend).toBe(2);
    const two = new Int16Array(320);
    two.set(tone());
    two.set(
      tone().map((v) => -v),
      160,
    );
    t.sendAudio(two);
    t.sendAudio(tone());
    expect(socket.sent).toHaveLength(2);
    const payloads = (socket.sent as { media: { payload: string } }[]).map(
      (m) => new Uint8Array(Buffer.from(m.media.payload, 'base64')),
    );
    expect(payloads[0]).toEqual(mulawEncode(two));
    // A shorter send after a longer one carries only its own audio.
    expect(payloads[1]).toEqual(mulawEncode(tone()));
  });

  it('sends marks and clear, and reports marks the carrier echoes', () => {
    const { t, socket, got, handlers } = setup();
    t.attach(handlers);
    t.mark('a');
    t.clear();
    expect(socket.sent).toEqual([
      { event: 'mark', streamSid: 'MZ1', mark: { name: 'a' } },
      { event: 'clear', streamSid: 'MZ1' },
    ]);
    t.receive({ kind: 'mark', name: 'a' });
    t.receive({ kind: 'dtmf', digit: '5' });
    expect(got.marks).toEqual(['a']);
    expect(got.dtmf).toEqual(['5']);
  });

  it('reports the far end hanging up once, on stop or on socket close', () => {
    const { t, got, handlers } = setup();
    t.attach(handlers);
    t.receive({ kind: 'stop' });
    t.socketClosed();
    expect(got.hangups).toBe(1);
  });

  it('tells an engine that attaches after the stream stopped', () => {
    const { t, got, handlers } = setup();
    t.receive({ kind: 'stop' });
    t.attach(handlers);
    expect(got.hangups).toBe(1);
  });

  it('hangs up through the carrier and closes the stream, without reporting a far-end hang-up', async () => {
    const { t, got, handlers, socket, actions } = setup();
    t.attach(handlers);
    await t.hangup('agent_hangup');
    t.socketClosed();
    expect(actions).toEqual(['hangup']);
    expect(socket.closed).toBe(1000);
    expect(got.hangups).toBe(0);
    t.sendAudio(tone());
    expect(socket.sent).toHaveLength(0);
  });

  it('still closes the stream when the carrier refuses the hang-up, and reports the error', async () => {
    const errors: string[] = [];
    const { t, socket } = setup({ hangup: () => Promise.reject(new Error('503')) });
    t.onControlError = (e, action) => errors.push(`${action}:${(e as Error).message}`);
    await t.hangup('api_stop');
    expect(socket.closed).toBe(1000);
    expect(errors).toEqual(['hangup:503']);
  });

  it('transfers through the carrier; a failed transfer rejects', async () => {
    const { t, actions } = setup();
    await t.transfer('+15550001111');
    expect(actions).toEqual(['transfer:+15550001111']);
    const failing = setup({ transfer: () => Promise.reject(new Error('call ended')) });
    await expect(failing.t.transfer('+1555')).rejects.toThrow('call ended');
  });
});
