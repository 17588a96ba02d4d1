import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { type DoubleWait, HttpDouble, pause } from '../../testing/http-double.ts';
import { meanLevel } from '../fake-stt.ts';

export interface DeepgramDoubleOptions {
  apiKey?: string;
  /** Delay from Finalize (or detected end of speech) to the final Results, ms (real time). */
  finalDelayMs?: number;
  /** Act like endpointing: send a speech_final result after this much silence following speech (audio time). */
  endpointingMs?: number;
  /** Mean absolute sample value above which a frame counts as speech. */
  speechThreshold?: number;
  /** Keep every audio message in its session's `audio` (tests that check the bytes). */
  keepAudio?: boolean;
  /** How the double waits out its latencies (default: `pause`, real time). */
  wait?: DoubleWait;
}

/** What one client connection did, as the double saw it. */
export interface DeepgramSession {
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  audioBytes: number;
  /** Binary (audio) messages received. */
  audioMessages: number;
  /** The audio messages themselves, with `keepAudio`. */
  audio: Buffer[];
  /** Every text frame received (KeepAlive, Finalize, CloseStream …), parsed. */
  controls: Array<{ type: string }>;
  socket: WebSocket;
}

const errorBody = (status: number, msg: string) =>
  JSON.stringify({
    err_code: status === 401 ? 'INVALID_AUTH' : 'REQUEST_FAILED',
    err_msg: msg,
    request_id: 'dg-double',
  });

/**
 * A loopback Deepgram `/v1/listen` server: checks the Token and query, hears PCM16 frames, and answers
 * with SpeechStarted, interim and final Results, UtteranceEnd and Metadata for scripted transcripts.
 */
export class DeepgramDouble {
  readonly sessions: DeepgramSession[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly transcripts: string[] = [];

  private constructor(
    readonly http: HttpDouble,
    private readonly opts: DeepgramDoubleOptions,
  ) {
    http.httpServer.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head));
  }

  static async start(opts: DeepgramDoubleOptions = {}): Promise<DeepgramDouble> {
    const http = await HttpDouble.start((_req, res) => {
      res.writeHead(404).end();
    });
    return new DeepgramDouble(http, opts);
  }

  /** Base URL as in DEEPGRAM_BASE_URL (http://…; the client switches to ws://). */
  get baseUrl(): string {
    return this.http.url;
  }

  /** Transcript for the next utterance (across sessions). */
  script(text: string): void {
    this.transcripts.push(text);
  }

  /** The next handshake answers `status` with Deepgram's error body. */
  fail(status: number): void {
    this.http.failNext(status, errorBody(status, `double says ${status}`));
  }

  /** Drop every connection as a crashing server would (close code 1011). */
  dropAll(reason = 'NET-0001'): void {
    for (const s of this.sessions) s.socket.close(1011, reason);
  }

  async close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    this.wss.close();
    await this.http.close();
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    const u = new URL(req.url ?? '/', 'http://double');
    const reject = (status: number, msg: string) => {
      const body = errorBody(status, msg);
      socket.end(
        `HTTP/1.1 ${status} Error\r\ncontent-type: application/json\r\ndg-request-id: dg-double\r\n` +
          `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    };
    const failure = this.http.takeFailure();
    if (failure) return reject(failure.status, `double says ${failure.status}`);
    if (u.pathname !== '/v1/listen') return reject(404, 'Not found');
    if (this.opts.apiKey !== undefined && req.headers.authorization !== `Token ${this.opts.apiKey}`) {
      return reject(401, 'Invalid credentials.');
    }
    const q = u.searchParams;
    const rate = Number(q.get('sample_rate'));
    if (q.get('encoding') !== 'linear16' || !(rate >= 8000) || q.get('channels') !== '1' || !q.get('model')) {
      return reject(400, 'linear16 needs encoding, sample_rate, channels=1 and a model');
    }
    if (Number(q.get('utterance_end_ms') ?? 1000) < 1000)
      return reject(400, 'utterance_end_ms must be >= 1000');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.session(ws, req, q, rate));
  }

  private session(ws: WebSocket, req: IncomingMessage, query: URLSearchParams, rate: number) {
    const s: DeepgramSession = {
      query,
      headers: req.headers,
      audioBytes: 0,
      audioMessages: 0,
      audio: [],
      controls: [],
      socket: ws,
    };
    this.sessions.push(s);
    const sec = () => s.audioBytes / 2 / rate;
    let speechStart: number | undefined;
    let lastSpeech = 0;
    let interimSent = false;
    const results = (
      transcript: string,
      isFinal: boolean,
      span: [number, number],
      extra: Record<string, boolean> = {},
    ) =>
      JSON.stringify({
        type: 'Results',
        channel_index: [0, 1],
        duration: Math.max(0, span[1] - span[0]),
        start: span[0],
        is_final: isFinal,
        speech_final: false,
        ...extra,
        channel: { alternatives: [{ transcript, confidence: 0.98, words: [] }] },
        metadata: {
          request_id: 'dg-double',
          model_info: { name: query.get('model'), version: 'double', arch: 'double' },
          model_uuid: 'double',
        },
      });
    const finalize = async (extra: Record<string, boolean>) => {
      // Take the utterance now, so audio arriving during the delay cannot finalise it twice.
      const text = speechStart === undefined ? '' : (this.transcripts.shift() ?? '');
      const end = sec();
      const span: [number, number] = [speechStart ?? end, end];
      speechStart = undefined;
      interimSent = false;
      await (this.opts.wait ?? pause)(this.opts.finalDelayMs ?? 0);
      if (ws.readyState !== ws.OPEN) return;
      ws.send(results(text, true, span, extra));
      if (text) ws.send(JSON.stringify({ type: 'UtteranceEnd', channel: [0, 1], last_word_end: end }));
    };
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        const buf = data as Buffer;
        const at = sec();
        s.audioBytes += buf.length;
        s.audioMessages++;
        if (this.opts.keepAudio) s.audio.push(Buffer.from(buf));
        const pcm = new Int16Array(
          buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length - (buf.length % 2)),
        );
        if (meanLevel(pcm) > (this.opts.speechThreshold ?? 300)) {
          lastSpeech = sec();
          if (speechStart === undefined) {
            speechStart = at;
            if (query.get('vad_events') === 'true')
              ws.send(JSON.stringify({ type: 'SpeechStarted', channel: [0], timestamp: at }));
          }
          if (!interimSent && query.get('interim_results') === 'true' && sec() - speechStart >= 0.2) {
            interimSent = true;
            ws.send(
              results((this.transcripts[0] ?? '').split(' ').slice(0, 2).join(' '), false, [
                speechStart,
                sec(),
              ]),
            );
          }
        } else if (
          speechStart !== undefined &&
          this.opts.endpointingMs !== undefined &&
          (sec() - lastSpeech) * 1000 >= this.opts.endpointingMs
        ) {
          void finalize({ speech_final: true });
        }
        return;
      }
      const msg = JSON.parse(String(data)) as { type: string };
      s.controls.push(msg);
      if (msg.type === 'Finalize') void finalize({ from_finalize: true });
      if (msg.type === 'CloseStream') {
        void (async () => {
          if (speechStart !== undefined) await finalize({ from_finalize: true });
          ws.send(
            JSON.stringify({
              type: 'Metadata',
              transaction_key: 'deprecated',
              request_id: 'dg-double',
              sha256: '',
              created: '2026-01-01T00:00:00.000Z',
              duration: sec(),
              channels: 1,
            }),
          );
          ws.close(1000);
        })();
      }
    });
  }
}
