import { AudioIo, type AudioIoOptions } from './audio-io.ts';
import { Emitter } from './emitter.ts';

/** Call states as the page sees them (connecting → active → ended). */
export type CallState = 'connecting' | 'active' | 'ended';

/** A live transcript line: the caller's words as recognised, the agent's as spoken. */
export interface TranscriptEvent {
  role: 'user' | 'assistant';
  content: string;
  final: boolean;
}

export interface WebCallEvents {
  status: (state: CallState) => void;
  transcript: (line: TranscriptEvent) => void;
  /** The call is over; `reason` is the call's end_reason when the server said it. */
  ended: (info: { reason: string | null }) => void;
  error: (error: Error) => void;
}

export interface OneInboxOptions extends AudioIoOptions {
  /** Parley's base URL for `start(agentId)` with a publishable key (default: this page's origin). */
  baseUrl?: string | undefined;
}

/** What `POST /v1/calls/web` or `POST /v1/web-calls/token` returned, as handed to the browser. */
export interface WebCallSession {
  serverUrl: string;
  token: string;
}

export interface StartOptions {
  /** `{{var}}` values for the agent's prompts (publishable-key flow). */
  variables?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

type ServerMessage =
  | { type: 'ready'; call_id: string }
  | { type: 'state'; state: CallState; end_reason?: string }
  | { type: 'transcript'; role: 'user' | 'assistant'; content: string; final: boolean }
  | { type: 'clear' }
  | { type: 'mark'; name: string }
  | { type: 'error'; code: string; message: string };

/**
 * A browser web call to a Parley (OneInbox-compatible) agent: microphone in, agent audio out, live
 * transcript, mute and hang-up. `new OneInbox(publishableKey).start(agentId)` or, with a session your
 * backend created, `new OneInbox().start({ serverUrl, token })`.
 */
export class OneInbox extends Emitter<WebCallEvents> {
  state: CallState | 'idle' = 'idle';
  callId: string | null = null;
  private ws: WebSocket | undefined;
  private audio: AudioIo | undefined;
  private muted = false;
  private endReason: string | null = null;

  constructor(
    private readonly publishableKey?: string,
    private readonly options: OneInboxOptions = {},
  ) {
    super();
  }

  /** Start a call: an agent id (publishable-key flow) or a session from your backend. */
  async start(target: string | WebCallSession, opts: StartOptions = {}): Promise<void> {
    if (this.state === 'connecting' || this.state === 'active') throw new Error('A call is already running.');
    this.endReason = null;
    this.setState('connecting');
    try {
      const session = typeof target === 'string' ? await this.createSession(target, opts) : target;
      if (!/\/v1\/web-calls\/stream\/?$/.test(new URL(session.serverUrl).pathname))
        throw new Error(
          `This server hands out LiveKit rooms (${session.serverUrl}); join them with livekit-client. This SDK speaks Parley's built-in WebSocket transport.`,
        );
      await this.connect(session);
    } catch (e) {
      this.fail(e instanceof Error ? e : new Error(String(e)));
      throw e;
    }
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    this.audio?.setMuted(muted);
  }

  mute(): void {
    this.setMuted(true);
  }

  unmute(): void {
    this.setMuted(false);
  }

  get isMuted(): boolean {
    return this.muted;
  }

  /** Press a keypad key (sent to the agent as DTMF). */
  sendDtmf(digit: string): void {
    this.send({ type: 'dtmf', digit });
  }

  /** End the call from the browser. */
  hangUp(): void {
    if (this.state === 'ended' || this.state === 'idle') return;
    this.endReason = 'customer_hangup';
    this.send({ type: 'hangup' });
    this.ws?.close(1000, 'hung up');
    void this.finish();
  }

  private async createSession(agentId: string, opts: StartOptions): Promise<WebCallSession> {
    if (!this.publishableKey)
      throw new Error('start(agentId) needs a publishable key: new OneInbox("oi_pk_live_…").');
    const base = (this.options.baseUrl ?? globalThis.location?.origin ?? '').replace(/\/+$/, '');
    const res = await fetch(`${base}/v1/web-calls/token`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.publishableKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ agent_id: agentId, ...opts }),
    });
    const body = (await res.json().catch(() => ({}))) as {
      server_url?: string;
      participant_token?: string;
      error?: { message?: string };
    };
    if (!res.ok || !body.server_url || !body.participant_token)
      throw new Error(body.error?.message ?? `Could not create a web call (HTTP ${res.status}).`);
    return { serverUrl: body.server_url, token: body.participant_token };
  }

  private async connect(session: WebCallSession): Promise<void> {
    const audio = new AudioIo(
      (frame) => {
        if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(frame);
      },
      (name) => this.send({ type: 'mark', name }),
    );
    this.audio = audio;
    await audio.start(this.options);
    audio.setMuted(this.muted);
    const ws = new WebSocket(session.serverUrl);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    // Resolves when the server accepted the participant token (`ready`), rejects on its error or a close.
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => ws.send(JSON.stringify({ type: 'start', token: session.token }));
      ws.onerror = () => reject(new Error(`Could not connect to ${session.serverUrl}.`));
      ws.onclose = (e) => reject(new Error(e.reason || 'The call was refused.'));
      ws.onmessage = (e: MessageEvent<string | ArrayBuffer>) => {
        if (typeof e.data !== 'string') return;
        const m = JSON.parse(e.data) as ServerMessage;
        if (m.type === 'error') reject(new Error(m.message));
        else if (m.type === 'ready') {
          this.callId = m.call_id;
          resolve();
        }
      };
    });
    ws.onmessage = (e: MessageEvent<string | ArrayBuffer>) => {
      if (typeof e.data === 'string') this.onMessage(JSON.parse(e.data) as ServerMessage);
      else audio.play(e.data);
    };
    ws.onclose = () => void this.finish();
  }

  private onMessage(m: ServerMessage): void {
    switch (m.type) {
      case 'ready':
        this.callId = m.call_id;
        break;
      case 'state':
        if (m.end_reason) this.endReason = m.end_reason;
        if (m.state === 'ended') void this.finish();
        else this.setState(m.state);
        break;
      case 'transcript':
        this.emit('transcript', { role: m.role, content: m.content, final: m.final });
        break;
      case 'clear':
        this.audio?.clear();
        break;
      case 'mark':
        this.audio?.mark(m.name);
        break;
      case 'error':
        this.emit('error', new Error(m.message));
        break;
    }
  }

  private send(m: unknown): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(m));
  }

  private setState(state: CallState): void {
    if (this.state === state || this.state === 'ended') return;
    this.state = state;
    this.emit('status', state);
  }

  private fail(e: Error): void {
    this.emit('error', e);
    void this.finish();
  }

  private async finish(): Promise<void> {
    if (this.state === 'ended') return;
    this.setState('ended');
    const audio = this.audio;
    this.audio = undefined;
    if (this.ws && this.ws.readyState <= WebSocket.OPEN) this.ws.close(1000);
    await audio?.stop();
    this.emit('ended', { reason: this.endReason });
  }
}
