import type { EndReason } from '../pipeline/frames.ts';
import type { CallTransport, TransportHandlers } from '../pipeline/transport.ts';
import {
  type WebCallState,
  type WebClientMessage,
  type WebServerMessage,
  webInputSampleRate,
  webOutputSampleRate,
} from './web-call-protocol.ts';

/** The browser's socket as the transport uses it (`ws` in production). */
export interface BrowserSocket {
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
}

/** A line of the live transcript shown in the browser while the call runs. */
export interface TranscriptLine {
  role: 'user' | 'assistant';
  content: string;
  final: boolean;
}

const FRAME = webInputSampleRate / 50;

/**
 * A browser web call as a CallTransport: caller PCM16 (16 kHz) re-chunked into 20 ms frames, agent
 * PCM16 sent as binary frames, marks echoed by the browser after playout, `clear` on barge-in, and
 * JSON state/transcript events for the page.
 */
export class WebSocketTransport implements CallTransport {
  readonly inputSampleRate = webInputSampleRate;
  readonly outputSampleRate = webOutputSampleRate;
  readonly supportsMarks = true;
  private handlers: TransportHandlers | undefined;
  private readonly pending = new Int16Array(FRAME);
  private pendingLen = 0;
  private odd: number | undefined;
  private ended = false;
  private closed = false;

  constructor(
    private readonly socket: BrowserSocket,
    readonly callId: string,
  ) {}

  /** The agent session took the call: the page shows it as active. */
  attach(handlers: TransportHandlers): void {
    this.handlers = handlers;
    if (this.ended) handlers.hangup();
    else this.state('active');
  }

  /** Tell the page the call's state. */
  state(state: WebCallState, endReason?: string): void {
    this.json(endReason ? { type: 'state', state, end_reason: endReason } : { type: 'state', state });
  }

  /** A live transcript line (wired by the call runner). */
  transcript(line: TranscriptLine): void {
    this.json({ type: 'transcript', ...line });
  }

  /** Caller audio: PCM16 LE bytes of any length (an odd trailing byte waits for the next message). */
  audio(bytes: Uint8Array): void {
    if (this.ended || !this.handlers) return;
    let i = 0;
    if (this.odd !== undefined && bytes.length > 0) {
      this.push((((bytes[0]! << 8) | this.odd) << 16) >> 16);
      this.odd = undefined;
      i = 1;
    }
    for (; i + 1 < bytes.length; i += 2) this.push((((bytes[i + 1]! << 8) | bytes[i]!) << 16) >> 16);
    if (i < bytes.length) this.odd = bytes[i];
  }

  /** A control message from the page (after `start`). */
  control(m: WebClientMessage): void {
    if (this.ended) return;
    if (m.type === 'mark') this.handlers?.markPlayed(m.name);
    else if (m.type === 'dtmf') this.handlers?.dtmf(m.digit);
    else if (m.type === 'hangup') {
      this.farEndGone();
      this.state('ended', 'customer_hangup');
      this.closeSocket(1000, 'hung up');
    }
  }

  /** The socket closed. */
  socketClosed(): void {
    this.closed = true;
    this.farEndGone();
  }

  sendAudio(frame: Int16Array): void {
    if (this.closed) return;
    // The engine reuses `frame`: send a copy (a busy socket queues the buffer).
    this.socket.send(new Uint8Array(frame.slice().buffer));
  }

  clear(): void {
    this.json({ type: 'clear' });
  }

  mark(id: string): void {
    this.json({ type: 'mark', name: id });
  }

  async hangup(reason: EndReason): Promise<void> {
    this.ended = true;
    this.state('ended', reason);
    this.closeSocket(1000, 'call ended');
  }

  async transfer(_to: string): Promise<void> {
    throw new Error('A web call cannot be transferred to a phone number.');
  }

  private push(sample: number): void {
    this.pending[this.pendingLen++] = sample;
    if (this.pendingLen === FRAME) {
      this.handlers!.audio(this.pending.slice());
      this.pendingLen = 0;
    }
  }

  private farEndGone(): void {
    if (this.ended) return;
    this.ended = true;
    this.handlers?.hangup();
  }

  private json(m: WebServerMessage): void {
    if (!this.closed) this.socket.send(JSON.stringify(m));
  }

  private closeSocket(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close(code, reason);
  }
}
