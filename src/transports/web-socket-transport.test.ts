import { describe, expect, it } from 'vitest';
import type { TransportHandlers } from '../pipeline/transport.ts';
import { type BrowserSocket, WebSocketTransport } from './web-socket-transport.ts';

function setup() {
  const sent: (string | Uint8Array)[] = [];
  let closed: number | undefined;
  const socket: BrowserSocket = {
    send: (d) => void sent.push(d),
    close: (code) => {
      closed = code;
    },
  };
  const t = new WebSocketTransport(socket, 'call_1');
  const got = { audio: [] as Int16Array[], marks: [] as string[], dtmf: [] as string[], hangups: 0 };
  const handlers: TransportHandlers = {
    audio: (p) => got.audio.push(p),
    dtmf: (d) => got.dtmf.push(d),
    markPlayed: (m) => got.marks.push(m),
    hangup: () => got.hangups++,
  };
  const json = () => sent.filter((x): x is string => typeof x === 'string').map((x) => JSON.parse(x));
  return { t, got, handlers, json, sent, closed: () => closed };
}

describe('WebSocketTransport', () => {
  it('re-chunks the browser’s PCM16 LE bytes into 20 ms frames at 16 kHz, across odd splits', () => {
    const s = setup();
    s.t.attach(s.handlers);
    const pcm = Int16Array.from({ length: 400 }, (_, i) => (i % 2 ? -i * 50 : i * 50));
    const bytes = new Uint8Array(pcm.buffer);
    s.t.audio(bytes.subarray(0, 333));
    s.t.audio(bytes.subarray(333, 641));
    s.t.audio(bytes.subarray(641));
    expect(s.got.audio).toHaveLength(1);
    expect(s.got.audio[0]).toEqual(pcm.subarray(0, 320));
  });

  it('shows the call active when the agent attaches, sends agent audio as binary and marks/clear as JSON', () => {
    const s = setup();
    s.t.attach(s.handlers);
    s.t.sendAudio(Int16Array.of(1, -2, 3));
    s.t.mark('m1');
    s.t.clear();
    expect(s.json()).toEqual([
      { type: 'state', state: 'active' },
      { type: 'mark', name: 'm1' },
      { type: 'clear' },
    ]);
    const audio = s.sent.find((x) => x instanceof Uint8Array) as Uint8Array;
    expect(Array.from(new Int16Array(audio.buffer, audio.byteOffset, 3))).toEqual([1, -2, 3]);
    s.t.control({ type: 'mark', name: 'm1' });
    s.t.control({ type: 'dtmf', digit: '4' });
    expect(s.got.marks).toEqual(['m1']);
    expect(s.got.dtmf).toEqual(['4']);
  });

  it('sends live transcript lines', () => {
    const s = setup();
    s.t.transcript({ role: 'user', content: 'Hello', final: true });
    expect(s.json()).toEqual([{ type: 'transcript', role: 'user', content: 'Hello', final: true }]);
  });

  it('our hang-up tells the page the call ended and why, then closes', async () => {
    const s = setup();
    s.t.attach(s.handlers);
    await s.t.hangup('agent_hangup');
    expect(s.json().at(-1)).toEqual({ type: 'state', state: 'ended', end_reason: 'agent_hangup' });
    expect(s.closed()).toBe(1000);
    expect(s.got.hangups).toBe(0);
  });

  it('the page hanging up ends the call once (customer_hangup)', () => {
    const s = setup();
    s.t.attach(s.handlers);
    s.t.control({ type: 'hangup' });
    s.t.socketClosed();
    expect(s.got.hangups).toBe(1);
    expect(s.json().at(-1)).toEqual({ type: 'state', state: 'ended', end_reason: 'customer_hangup' });
  });

  it('cannot transfer a web call to a phone number', async () => {
    await expect(setup().t.transfer('+15550001111')).rejects.toThrow(/cannot be transferred/);
  });
});
