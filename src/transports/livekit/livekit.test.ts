import { AudioFrame, AudioSource } from '@livekit/rtc-node';
import { TokenVerifier } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransportHandlers } from '../../pipeline/transport.ts';
import { LiveKitRoomDouble } from '../testing/livekit-room-double.ts';
import { httpUrl, LiveKitRooms } from './livekit-rooms.ts';
import { LiveKitTransport, mono } from './livekit-transport.ts';

let lk: LiveKitRoomDouble;
let rooms: LiveKitRooms;
beforeAll(async () => {
  lk = await LiveKitRoomDouble.start();
  rooms = new LiveKitRooms({ url: lk.url, apiKey: lk.apiKey, apiSecret: lk.apiSecret });
});
afterAll(() => lk.close());

describe('LiveKitRooms (Twirp RoomService)', () => {
  it('creates the call’s room for two participants and deletes it', async () => {
    await rooms.create('web-1a2b3c4d', 'call_1');
    const req = lk.http.requests.at(-1)!;
    expect(req.path).toBe('/twirp/livekit.RoomService/CreateRoom');
    expect(lk.rooms.get('web-1a2b3c4d')).toMatchObject({ name: 'web-1a2b3c4d', maxParticipants: 2 });
    expect(JSON.parse(String(lk.rooms.get('web-1a2b3c4d')!.metadata))).toEqual({ call_id: 'call_1' });
    await rooms.delete('web-1a2b3c4d');
    expect(lk.deleted).toEqual(['web-1a2b3c4d']);
  });

  it('mints an agent token that may join, publish and subscribe in that room only', async () => {
    const claims = await new TokenVerifier(lk.apiKey, lk.apiSecret).verify(
      await rooms.agentToken('web-x', 'call_2'),
    );
    expect(claims.sub).toBe('agent-call_2');
    expect(claims.video).toMatchObject({
      roomJoin: true,
      room: 'web-x',
      canPublish: true,
      canSubscribe: true,
      agent: true,
    });
  });

  it('fails clearly with a wrong API secret', async () => {
    const bad = new LiveKitRooms({ url: lk.url, apiKey: lk.apiKey, apiSecret: 'x'.repeat(48) });
    await expect(bad.create('web-y', 'call_3')).rejects.toThrow();
  });

  it('calls the API over http(s) for a ws(s) LIVEKIT_URL', () => {
    expect(httpUrl('wss://lk.example.com')).toBe('https://lk.example.com');
    expect(httpUrl('ws://127.0.0.1:7880')).toBe('http://127.0.0.1:7880');
  });
});

describe('LiveKitTransport (audio frames, no server)', () => {
  const handlers = () => {
    const got = { audio: [] as Int16Array[], hangups: 0 };
    const h: TransportHandlers = {
      audio: (p) => got.audio.push(p),
      dtmf: () => {},
      markPlayed: () => {},
      hangup: () => got.hangups++,
    };
    return { got, h };
  };

  it('queues agent frames into a real AudioSource and clears them on barge-in', async () => {
    const source = new AudioSource(16000, 1, 1000);
    const t = new LiveKitTransport(source, async () => {});
    for (let i = 0; i < 10; i++) t.sendAudio(new Int16Array(320).fill(1000));
    await new Promise((r) => setImmediate(r));
    expect(source.queuedDuration).toBeGreaterThan(0);
    t.clear();
    expect(source.queuedDuration).toBe(0);
    await source.close();
  });

  it('delivers the caller’s frames (first channel, copied) and hangs up when the track ends', async () => {
    const t = new LiveKitTransport({ captureFrame: async () => {}, clearQueue: () => {} }, async () => {});
    const { got, h } = handlers();
    t.attach(h);
    const stereo = new AudioFrame(Int16Array.from([1, -1, 2, -2, 3, -3]), 16000, 2, 3);
    async function* frames() {
      yield new AudioFrame(Int16Array.from([5, 6, 7]), 16000, 1, 3);
      yield stereo;
    }
    await t.pump(frames());
    expect(got.audio).toEqual([Int16Array.from([5, 6, 7]), Int16Array.from([1, 2, 3])]);
    expect(got.hangups).toBe(1);
    expect(mono(stereo)).not.toBe(stereo.data);
  });

  it('our hang-up leaves the room without reporting a far-end hang-up', async () => {
    let left = 0;
    const t = new LiveKitTransport(
      { captureFrame: async () => {}, clearQueue: () => {} },
      async () => void left++,
    );
    const { got, h } = handlers();
    t.attach(h);
    await t.hangup('agent_hangup');
    t.farEndGone();
    expect(left).toBe(1);
    expect(got.hangups).toBe(0);
  });
});
