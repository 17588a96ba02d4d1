import type { ServerResponse } from 'node:http';
import {
  type DoubleWait,
  HttpDouble,
  pause,
  type RecordedRequest,
  sendJson,
} from '../../testing/http-double.ts';
import { tone } from '../fake-tts.ts';

/** What a vendor route made of a request: audio to synthesise, or a vendor error to answer. */
export type TtsRouteResult =
  | { ok: true; text: string; sampleRate: number }
  | { ok: false; status: number; body: unknown };

/** The vendor-specific half of a TTS double: path, auth, body validation and error shape. */
export interface TtsVendorSpec {
  name: string;
  route(req: RecordedRequest, apiKey: string | undefined): TtsRouteResult;
  errorBody(status: number, message: string): unknown;
}

export interface TtsDoubleOptions {
  apiKey?: string;
  /** Delay before the first audio byte, ms (real time; keep 0 in unit tests). */
  firstByteMs?: number;
  /** Audio produced per text, ms (default 40 ms per character, at least 200 ms). */
  audioMs?: (text: string) => number;
  /** Bytes per write; odd sizes test sample re-alignment in the client. */
  chunkBytes?: number;
  /** Produce audio this many times faster than real time (0 = no pacing). */
  realtimeFactor?: number;
  /** Cut the connection after this many writes (a vendor crash mid-stream). */
  dropAfterWrites?: number;
  /** How the double waits out its latencies (default: `pause`, real time). */
  wait?: DoubleWait;
}

/** 440 Hz tone as PCM16 little-endian bytes: recognisable audio of an exact length. */
export function toneBytes(ms: number, sampleRate: number): Buffer {
  const pcm = tone(ms, sampleRate);
  return Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
}

/** A loopback TTS server for one vendor protocol that streams a tone for the requested text. */
export class TtsDouble {
  private constructor(
    readonly http: HttpDouble,
    private readonly spec: TtsVendorSpec,
    private readonly opts: TtsDoubleOptions,
  ) {}

  static async start(spec: TtsVendorSpec, opts: TtsDoubleOptions = {}): Promise<TtsDouble> {
    let self: TtsDouble | undefined;
    const http = await HttpDouble.start((req, res) => self!.handle(req, res));
    self = new TtsDouble(http, spec, opts);
    return self;
  }

  get url(): string {
    return this.http.url;
  }

  /** Samples the double sent for `text` at `sampleRate`. */
  samplesFor(text: string, sampleRate: number): number {
    return toneBytes(this.audioMs(text), sampleRate).length / 2;
  }

  fail(status: number): void {
    this.http.failNext(status, this.spec.errorBody(status, `double says ${status}`));
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private audioMs(text: string): number {
    return this.opts.audioMs?.(text) ?? Math.max(200, text.length * 40);
  }

  private async handle(req: RecordedRequest, res: ServerResponse) {
    const r = this.spec.route(req, this.opts.apiKey);
    if (!r.ok) return sendJson(res, r.status, r.body);
    const audio = toneBytes(this.audioMs(r.text), r.sampleRate);
    const step = this.opts.chunkBytes ?? 3201;
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' });
    const wait = this.opts.wait ?? pause;
    await wait(this.opts.firstByteMs ?? 0);
    for (let off = 0, writes = 0; off < audio.length; off += step, writes++) {
      if (this.opts.dropAfterWrites !== undefined && writes >= this.opts.dropAfterWrites) {
        res.destroy();
        return;
      }
      const part = audio.subarray(off, off + step);
      res.write(part);
      const f = this.opts.realtimeFactor ?? 0;
      if (f > 0) await wait(((part.length / 2 / r.sampleRate) * 1000) / f);
    }
    res.end();
  }
}
