import WebSocket from 'ws';
import type { Clock, Timer } from '../../lib/clock.ts';
import { ProviderError } from '../errors.ts';
import { safeJson } from '../sse.ts';
import { httpStatusError, requestIdOf } from '../vendor-http.ts';
import { type DeepgramMessage, deepgramMessageSchema, listenQuery, listenUrl } from './deepgram-messages.ts';
import type { Stt, SttCapabilities, SttEvent, SttOptions, SttStream } from './stt.ts';

export interface DeepgramSttOptions {
  /** https://api.deepgram.com (or ws(s)://… for a double); the WebSocket scheme is derived. */
  baseUrl: string;
  apiKey: string;
  clock: Clock;
  defaultModel?: string;
  /** KeepAlive after this long without sending audio, ms (Deepgram closes idle sockets after 10 s). */
  keepAliveMs?: number;
  /** How long close() waits for Deepgram to flush and close, ms. */
  closeTimeoutMs?: number;
  utteranceEndMs?: number;
  /**
   * Audio goes out in messages of this many ms (Deepgram asks for 20–250 ms). A socket write costs
   * more than the copy, and flush() and close() send what is pending first, so the end of an
   * utterance reaches Deepgram as soon as with 20 ms messages.
   */
  audioChunkMs?: number;
}

/** Deepgram live transcription over WebSocket: interim and final results, endpointing, VAD events. */
export class DeepgramStt implements Stt {
  readonly provider = 'deepgram';
  readonly capabilities: SttCapabilities = { streaming: true, interimResults: true, wordTimestamps: true };

  constructor(private readonly opts: DeepgramSttOptions) {}

  stream(opts: SttOptions, onEvent: (e: SttEvent) => void): SttStream {
    return new DeepgramStream(this.opts, opts, onEvent);
  }
}

/** Samples of PCM16 mono in one outgoing audio message (default 100 ms). */
function chunkSamples(sampleRate: number, ms = 100): number {
  return Math.max(1, Math.round((sampleRate * Math.max(ms, 1)) / 1000));
}

const control = (type: 'KeepAlive' | 'Finalize' | 'CloseStream') => JSON.stringify({ type });

class DeepgramStream implements SttStream {
  private readonly ws: WebSocket;
  /** Audio and control frames sent before the socket opened. */
  private backlog: Array<Buffer | string> = [];
  private keepAlive: Timer | undefined;
  private closing: Promise<void> | undefined;
  private done = false;
  private failed = false;
  /** Audio not yet sent: the first `pendingSamples` of `pending`, sent once it fills. */
  private pending: Int16Array;
  private pendingSamples = 0;
  private lastSentMs = 0;

  constructor(
    private readonly cfg: DeepgramSttOptions,
    opts: SttOptions,
    private readonly onEvent: (e: SttEvent) => void,
  ) {
    const query = listenQuery({
      model: opts.model ?? cfg.defaultModel ?? 'nova-3',
      language: opts.language,
      sampleRate: opts.sampleRate,
      endpointingMs: opts.endpointingMs ?? 300,
      utteranceEndMs: cfg.utteranceEndMs ?? 1000,
    });
    this.pending = new Int16Array(chunkSamples(opts.sampleRate, cfg.audioChunkMs));
    this.ws = new WebSocket(listenUrl(cfg.baseUrl, query), {
      headers: { authorization: `Token ${cfg.apiKey}` },
      // PCM does not compress: deflating it would only cost CPU on both ends.
      perMessageDeflate: false,
    });
    this.ws.on('open', () => {
      for (const frame of this.backlog) this.ws.send(frame);
      this.backlog = [];
      this.lastSentMs = this.cfg.clock.now();
      this.armKeepAlive();
    });
    this.ws.on('message', (data, isBinary) => {
      if (!isBinary) this.handle(String(data));
    });
    this.ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString();
      });
      res.on('end', () => {
        const status = res.statusCode ?? 500;
        const headers = { get: (n: string) => (res.headers[n] as string | undefined) ?? null };
        this.fail(httpStatusError('deepgram', status, body, requestIdOf(headers)));
        this.ws.terminate();
      });
    });
    this.ws.on('error', (e) => {
      this.fail(
        new ProviderError('deepgram', `deepgram connection failed: ${e.message}`, {
          retryable: true,
          cause: e,
        }),
      );
    });
    this.ws.on('close', (code, reason) => {
      this.clearKeepAlive();
      if (this.closing || this.done) return;
      // Deepgram closes with 1008 for bad audio/params (DATA-0000) and 1011 for its own faults (NET-0001).
      const text = reason.toString() || `close code ${code}`;
      this.fail(
        new ProviderError('deepgram', `deepgram closed the stream: ${text}`, { retryable: code !== 1008 }),
      );
    });
  }

  pushAudio(pcm: Int16Array): void {
    if (this.closing || this.failed) return;
    // Copied into the pending message (no view per frame when it fits): the caller may reuse its array.
    let at = 0;
    while (at < pcm.length) {
      const n = Math.min(pcm.length - at, this.pending.length - this.pendingSamples);
      this.pending.set(n === pcm.length ? pcm : pcm.subarray(at, at + n), this.pendingSamples);
      this.pendingSamples += n;
      at += n;
      if (this.pendingSamples === this.pending.length) this.sendPending();
    }
  }

  flush(): void {
    if (this.closing || this.failed) return;
    this.sendPending();
    this.send(control('Finalize'));
  }

  /** Send the pending audio as one binary message, in a buffer of its own (ws or the backlog may keep it). */
  private sendPending(): void {
    if (this.pendingSamples === 0) return;
    const full = this.pendingSamples === this.pending.length;
    const samples = full ? this.pending : this.pending.slice(0, this.pendingSamples);
    if (full) this.pending = new Int16Array(this.pending.length);
    this.pendingSamples = 0;
    this.send(Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.clearKeepAlive();
      const finish = () => {
        this.cfg.clock.clearTimeout(timer);
        this.done = true;
        resolve();
      };
      const timer = this.cfg.clock.setTimeout(() => {
        this.ws.terminate();
        finish();
      }, this.cfg.closeTimeoutMs ?? 2000);
      if (this.ws.readyState === WebSocket.OPEN) {
        this.sendPending();
        this.ws.once('close', finish);
        this.ws.send(control('CloseStream'));
      } else {
        this.ws.terminate();
        finish();
      }
    });
    return this.closing;
  }

  private send(frame: Buffer | string): void {
    if (this.ws.readyState === WebSocket.CONNECTING) {
      this.backlog.push(frame);
      return;
    }
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(frame);
    this.lastSentMs = this.cfg.clock.now();
  }

  /** One timer for the stream's life: it fires when nothing was sent for `keepAliveMs`, or re-arms for the rest. */
  private armKeepAlive(delayMs = this.cfg.keepAliveMs ?? 5000): void {
    this.clearKeepAlive();
    this.keepAlive = this.cfg.clock.setTimeout(() => {
      this.keepAlive = undefined;
      if (this.ws.readyState !== WebSocket.OPEN || this.closing) return;
      const every = this.cfg.keepAliveMs ?? 5000;
      const idle = this.cfg.clock.now() - this.lastSentMs;
      if (idle >= every) this.send(control('KeepAlive'));
      this.armKeepAlive(idle >= every ? every : every - idle);
    }, delayMs);
  }

  private clearKeepAlive(): void {
    if (this.keepAlive !== undefined) this.cfg.clock.clearTimeout(this.keepAlive);
    this.keepAlive = undefined;
  }

  private emit(e: SttEvent): void {
    if (!this.done) this.onEvent(e);
  }

  private fail(error: ProviderError): void {
    if (this.failed || this.closing) return;
    this.failed = true;
    this.emit({ type: 'error', error, fatal: true });
  }

  private handle(text: string): void {
    const parsed = deepgramMessageSchema.safeParse(safeJson(text));
    if (!parsed.success) return; // Other message types (and future ones) carry nothing Parley uses.
    const m: DeepgramMessage = parsed.data;
    switch (m.type) {
      case 'Results': {
        const alt = m.channel.alternatives[0];
        const transcript = alt?.transcript.trim() ?? '';
        const span = {
          startMs: Math.round(m.start * 1000),
          endMs: Math.round((m.start + m.duration) * 1000),
        };
        if (!m.is_final) {
          if (transcript) this.emit({ type: 'interim', text: transcript, ...span });
          return;
        }
        // A Finalize flush ends the utterance as surely as endpointing does.
        const speechFinal = m.speech_final === true || m.from_finalize === true;
        if (!transcript && !speechFinal) return;
        this.emit({
          type: 'final',
          text: transcript,
          speechFinal,
          ...span,
          ...(alt?.confidence === undefined ? {} : { confidence: alt.confidence }),
        });
        return;
      }
      case 'SpeechStarted':
        this.emit({ type: 'speech_started', atMs: Math.round(m.timestamp * 1000) });
        return;
      case 'UtteranceEnd':
        this.emit({ type: 'utterance_end', atMs: Math.round(m.last_word_end * 1000) });
        return;
      case 'Metadata':
        return;
    }
  }
}
