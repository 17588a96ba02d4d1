import type { Clock } from '../../lib/clock.ts';
import { mulawDecode, mulawEncode } from '../../pipeline/audio/mulaw.ts';
import type { EndReason } from '../../pipeline/frames.ts';
import type { CallTransport, TransportHandlers } from '../../pipeline/transport.ts';
import { AudioBacklog } from './audio-backlog.ts';
import type { StreamEvent, StreamProtocol } from './media-stream.ts';

/** The sending side of a media WebSocket (the `ws` socket in production, a recorder in tests). */
export interface MediaSocket {
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

/** REST control of one live carrier call leg (Twilio CallSid, Telnyx call_control_id). */
export interface LiveCallControl {
  readonly carrier: 'twilio' | 'telnyx';
  readonly carrierCallId: string;
  hangup(): Promise<void>;
  /** Cold transfer: connect the caller to `to`; our media stream then stops. */
  transfer(to: string): Promise<void>;
}

const RATE = 8000;
/** Agent audio goes out in 40 ms media messages: half the socket writes of 20 ms ones, and the carrier buffers playout. */
export const carrierFramesPerSend = 2;
/** Caller audio kept until the engine attaches: 5 s of 20 ms frames. */
export const maxBackloggedFrames = 250;

/**
 * A live carrier call as the engine sees it: caller audio decoded from the carrier's μ-law media
 * messages, agent audio encoded into them, marks round-tripped for playout tracking, `clear` on
 * barge-in, and hang-up/transfer through the carrier's REST API.
 */
export class CarrierMediaTransport implements CallTransport {
  readonly inputSampleRate = RATE;
  readonly outputSampleRate = RATE;
  readonly supportsMarks = true;
  readonly framesPerSend = carrierFramesPerSend;
  private handlers: TransportHandlers | undefined;
  private readonly encoded = new Uint8Array((RATE / 50) * carrierFramesPerSend);
  private ended = false;
  private closed = false;
  private readonly backlog = new AudioBacklog(maxBackloggedFrames);
  /** Errors from the carrier's REST API during hang-up/transfer (for the call record). */
  onControlError: ((e: unknown, action: 'hangup' | 'transfer') => void) | undefined;
  /** The media socket is gone (either side closed it). */
  onClosed: (() => void) | undefined;

  constructor(
    private readonly socket: MediaSocket,
    private readonly protocol: StreamProtocol,
    readonly streamId: string,
    readonly control: LiveCallControl,
    private readonly clock: Pick<Clock, 'monotonic'>,
  ) {}

  attach(handlers: TransportHandlers): void {
    this.handlers = handlers;
    this.backlog.drain(this.clock.monotonic(), (pcm, agoMs) => handlers.audio(pcm, agoMs));
    if (this.ended) handlers.hangup();
  }

  /** One normalised message from the carrier after `start`; `receivedAt` (monotonic ms) if it waited for the transport. */
  receive(e: StreamEvent, receivedAt?: number): void {
    if (this.ended) return;
    const h = this.handlers;
    switch (e.kind) {
      case 'audio': {
        const pcm = mulawDecode(Buffer.from(e.payload, 'base64'));
        // The caller may talk before the engine is ready: what they say is heard late, not lost.
        if (!h) this.backlog.push(pcm, receivedAt ?? this.clock.monotonic());
        else if (receivedAt === undefined) h.audio(pcm);
        else h.audio(pcm, Math.max(0, this.clock.monotonic() - receivedAt));
        return;
      }
      case 'dtmf':
        h?.dtmf(e.digit);
        return;
      case 'mark':
        h?.markPlayed(e.name);
        return;
      case 'stop':
        this.farEndGone();
        return;
      default:
        return;
    }
  }

  /** The WebSocket closed (with or without a `stop`). */
  socketClosed(): void {
    this.closed = true;
    this.farEndGone();
    this.onClosed?.();
  }

  sendAudio(pcm: Int16Array): void {
    if (this.closed) return;
    const out = pcm.length <= this.encoded.length ? this.encoded : new Uint8Array(pcm.length);
    mulawEncode(pcm, out);
    const b64 = Buffer.from(out.buffer, out.byteOffset, pcm.length).toString('base64');
    this.socket.send(this.protocol.media(this.streamId, b64));
  }

  clear(): void {
    if (!this.closed) this.socket.send(this.protocol.clear(this.streamId));
  }

  mark(id: string): void {
    if (!this.closed) this.socket.send(this.protocol.mark(this.streamId, id));
  }

  async hangup(_reason: EndReason): Promise<void> {
    this.ended = true;
    try {
      await this.control.hangup();
    } catch (e) {
      this.onControlError?.(e, 'hangup');
    } finally {
      this.closeSocket();
    }
  }

  async transfer(to: string): Promise<void> {
    this.ended = true;
    try {
      await this.control.transfer(to);
    } catch (e) {
      this.onControlError?.(e, 'transfer');
      throw e;
    } finally {
      this.closeSocket();
    }
  }

  private farEndGone(): void {
    if (this.ended) return;
    this.ended = true;
    this.handlers?.hangup();
  }

  private closeSocket(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close(1000, 'call ended');
  }
}
