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

const control = (type: 'KeepAlive' | 'Finalize' | 'CloseStream') => JSON.stringify({ type });

class DeepgramStream implements SttStream {
  private readonly ws: WebSocket;
  /** Audio and control frames sent before the socket opened. */
  private backlog: Array<Buffer | string> = [];
  private keepAlive: Timer | undefined;
  private closing: Promise<void> | undefined;
  private done = false;
  private failed = false;

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
    this.ws = new WebSocket(listenUrl(cfg.baseUrl, query), {
      headers: { authorization: `Token ${cfg.apiKey}` },
    });
    this.ws.on('open', () => {
      for (const frame of this.backlog) this.ws.send(frame);
      this.backlog = [];
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
    // Copy: the caller may reuse its array, and ws may queue the frame.
    this.send(Buffer.from(new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength)));
  }

  flush(): void {
    if (!this.closing && !this.failed) this.send(control('Finalize'));
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
    this.armKeepAlive();
  }

  private armKeepAlive(): void {
    this.clearKeepAlive();
    this.keepAlive = this.cfg.clock.setTimeout(() => {
      if (this.ws.readyState === WebSocket.OPEN && !this.closing) this.send(control('KeepAlive'));
    }, this.cfg.keepAliveMs ?? 5000);
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
