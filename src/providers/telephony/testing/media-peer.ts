import WebSocket from 'ws';
import { mulawDecode, mulawEncode } from '../../../pipeline/audio/mulaw.ts';

/** Which carrier's media-stream dialect the peer speaks. */
export type PeerDialect = 'twilio' | 'telnyx';

export interface MediaPeerOptions {
  dialect: PeerDialect;
  url: string;
  /** Twilio: the `<Parameter>`s of the `<Stream>`; Telnyx: sent as `custom_parameters`. */
  params?: Record<string, string>;
  /** Telnyx: the `stream_auth_token` (sent as the x-telnyx-streaming-auth-token header). */
  authToken?: string;
  carrierCallId: string;
  streamId: string;
}

const FRAME = 160;
const FRAME_MS = 20;

/**
 * The far end of a carrier media stream, as Twilio or Telnyx would behave: sends connected/start,
 * then the caller's μ-law audio as 20 ms media messages in real time (silence when nothing is queued),
 * plays the agent's audio back in real time, echoes each mark only once the audio before it has
 * played, and on `clear` drops what has not played and returns pending marks at once.
 */
export class MediaPeer {
  /** Agent audio heard by the far end (PCM16 8 kHz), in playout order. */
  readonly heard: Int16Array[] = [];
  readonly marksEchoed: string[] = [];
  clears = 0;
  /** The stream was closed (by either side); `closeCode` from the server when it closed it. */
  closed = false;
  closeCode: number | undefined;
  /** Agent frames received (before playout). */
  received = 0;
  private readonly ws: WebSocket;
  private readonly outgoing: Int16Array[] = [];
  /** Agent audio waiting to play, with marks in between. */
  private readonly playout: (Int16Array | { mark: string })[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private seq = 1;
  private chunk = 0;
  private readonly opened: Promise<void>;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly o: MediaPeerOptions) {
    this.ws = new WebSocket(o.url, {
      headers: o.authToken ? { 'x-telnyx-streaming-auth-token': o.authToken } : {},
    });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.ws.on('message', (data) => this.onMessage(String(data)));
    this.ws.on('close', (code) => {
      this.closed = true;
      this.closeCode = code;
      this.stopClock();
      this.notify();
    });
  }

  /** Connect and send connected + start, then stream real-time media until stopped. */
  async start(): Promise<this> {
    await this.opened;
    const { dialect, params = {}, carrierCallId, streamId } = this.o;
    if (dialect === 'twilio') {
      this.send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
      this.send({
        event: 'start',
        sequenceNumber: String(this.seq++),
        start: {
          accountSid: 'AC00000000000000000000000000000000',
          streamSid: streamId,
          callSid: carrierCallId,
          tracks: ['inbound'],
          customParameters: params,
          mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
        },
        streamSid: streamId,
      });
    } else {
      this.send({ event: 'connected', version: '1.0.0' });
      this.send({
        event: 'start',
        sequence_number: String(this.seq++),
        start: {
          user_id: '00000000-0000-4000-8000-000000000000',
          call_control_id: carrierCallId,
          client_state: null,
          custom_parameters: params,
          media_format: { encoding: 'PCMU', sample_rate: 8000, channels: 1 },
        },
        stream_id: streamId,
      });
    }
    this.timer = setInterval(() => this.tick(), FRAME_MS);
    return this;
  }

  /** Queue caller speech (PCM16 at 8 kHz) to stream after what is already queued. */
  say(pcm: Int16Array): void {
    for (let i = 0; i < pcm.length; i += FRAME) {
      const f = new Int16Array(FRAME);
      f.set(pcm.subarray(i, i + FRAME));
      this.outgoing.push(f);
    }
  }

  /** Caller speech still queued, in ms. */
  get queuedMs(): number {
    return this.outgoing.length * FRAME_MS;
  }

  /** Agent audio received, in ms of 8 kHz audio. */
  get heardMs(): number {
    return (this.heard.reduce((n, f) => n + f.length, 0) * 1000) / 8000;
  }

  /** Agent audio received but not yet played out, in ms. */
  get unplayedMs(): number {
    return this.playout.reduce((n, x) => n + (x instanceof Int16Array ? x.length : 0), 0) / 8;
  }

  sendDtmf(digit: string): void {
    if (this.o.dialect === 'twilio')
      this.send({
        event: 'dtmf',
        streamSid: this.o.streamId,
        sequenceNumber: String(this.seq++),
        dtmf: { track: 'inbound_track', digit },
      });
    else
      this.send({
        event: 'dtmf',
        stream_id: this.o.streamId,
        sequence_number: String(this.seq++),
        dtmf: { digit },
      });
  }

  /** The far end hangs up: `stop`, then close. */
  hangUp(): void {
    if (this.closed) return;
    if (this.o.dialect === 'twilio')
      this.send({
        event: 'stop',
        sequenceNumber: String(this.seq++),
        stop: { accountSid: 'AC0', callSid: this.o.carrierCallId },
        streamSid: this.o.streamId,
      });
    else
      this.send({
        event: 'stop',
        sequence_number: String(this.seq++),
        stop: { call_control_id: this.o.carrierCallId },
        stream_id: this.o.streamId,
      });
    this.ws.close(1000);
  }

  /** Resolve once `pred` holds (checked on every event and frame), or reject after `timeoutMs`. */
  async until(pred: () => boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error(`media peer: timed out waiting for ${what}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50).unref();
      });
    }
  }

  private tick(): void {
    if (this.closed) return;
    const f = this.outgoing.shift() ?? new Int16Array(FRAME);
    const payload = Buffer.from(mulawEncode(f)).toString('base64');
    this.chunk++;
    if (this.o.dialect === 'twilio')
      this.send({
        event: 'media',
        sequenceNumber: String(this.seq++),
        media: {
          track: 'inbound',
          chunk: String(this.chunk),
          timestamp: String(this.chunk * FRAME_MS),
          payload,
        },
        streamSid: this.o.streamId,
      });
    else
      this.send({
        event: 'media',
        sequence_number: String(this.seq++),
        media: {
          track: 'inbound',
          chunk: String(this.chunk),
          timestamp: String(this.chunk * FRAME_MS),
          payload,
        },
        stream_id: this.o.streamId,
      });
    this.play(FRAME);
    this.notify();
  }

  /** Play `samples` of queued agent audio; echo the marks that playback reaches. */
  private play(samples: number): void {
    let left = samples;
    while (this.playout.length > 0) {
      const head = this.playout[0]!;
      if (!(head instanceof Int16Array)) {
        this.playout.shift();
        this.echoMark(head.mark);
        continue;
      }
      if (left === 0) break;
      const n = Math.min(left, head.length);
      this.heard.push(head.slice(0, n));
      left -= n;
      if (n === head.length) this.playout.shift();
      else this.playout[0] = head.subarray(n);
    }
  }

  private onMessage(text: string): void {
    const m = JSON.parse(text) as { event: string; media?: { payload: string }; mark?: { name: string } };
    if (m.event === 'media' && m.media) {
      this.received++;
      this.playout.push(mulawDecode(new Uint8Array(Buffer.from(m.media.payload, 'base64'))));
    } else if (m.event === 'mark' && m.mark) this.playout.push({ mark: m.mark.name });
    else if (m.event === 'clear') {
      this.clears++;
      const pending = this.playout.splice(0);
      for (const x of pending) if (!(x instanceof Int16Array)) this.echoMark(x.mark);
    }
    this.notify();
  }

  private echoMark(name: string): void {
    this.marksEchoed.push(name);
    if (this.o.dialect === 'twilio')
      this.send({
        event: 'mark',
        sequenceNumber: String(this.seq++),
        streamSid: this.o.streamId,
        mark: { name },
      });
    else
      this.send({
        event: 'mark',
        sequence_number: String(this.seq++),
        stream_id: this.o.streamId,
        mark: { name },
      });
  }

  private send(m: unknown): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(m));
  }

  private stopClock(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private notify(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}
