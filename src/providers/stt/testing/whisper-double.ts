import type { ServerResponse } from 'node:http';
import { HttpDouble, pause, type RecordedRequest, sendJson } from '../../testing/http-double.ts';

export interface WhisperDoubleOptions {
  apiKey?: string;
  /** Delay before answering, ms (real time). */
  latencyMs?: number;
}

/** One transcription request as the double parsed it. */
export interface WhisperUpload {
  model: string;
  language: string | undefined;
  responseFormat: string | undefined;
  sampleRate: number;
  samples: number;
}

const error = (message: string, type = 'invalid_request_error') => ({
  error: { message, type, param: null, code: null },
});

/** A loopback OpenAI-compatible `/v1/audio/transcriptions` server (Whisper): multipart WAV in, `{text}` out. */
export class WhisperDouble {
  readonly uploads: WhisperUpload[] = [];
  private readonly transcripts: string[] = [];
  private constructor(
    readonly http: HttpDouble,
    private readonly opts: WhisperDoubleOptions,
  ) {}

  static async start(opts: WhisperDoubleOptions = {}): Promise<WhisperDouble> {
    let self: WhisperDouble | undefined;
    const http = await HttpDouble.start((req, res) => self!.handle(req, res));
    self = new WhisperDouble(http, opts);
    return self;
  }

  get baseUrl(): string {
    return `${this.http.url}/v1`;
  }

  script(text: string): void {
    this.transcripts.push(text);
  }

  fail(status: number): void {
    this.http.failNext(
      status,
      error(`double says ${status}`, status >= 500 ? 'server_error' : 'invalid_request_error'),
    );
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private async handle(req: RecordedRequest, res: ServerResponse) {
    if (req.method !== 'POST' || req.path !== '/v1/audio/transcriptions')
      return sendJson(res, 404, error('Not found'));
    if (this.opts.apiKey !== undefined && req.headers.authorization !== `Bearer ${this.opts.apiKey}`) {
      return sendJson(res, 401, error('Incorrect API key provided.'));
    }
    let form: FormData;
    try {
      form = await new Request('http://double/', {
        method: 'POST',
        headers: { 'content-type': String(req.headers['content-type'] ?? '') },
        body: new Uint8Array(req.body),
      }).formData();
    } catch {
      return sendJson(res, 400, error('Could not parse multipart form'));
    }
    const file = form.get('file');
    const model = form.get('model');
    if (!(file instanceof Blob) || typeof model !== 'string' || model === '') {
      return sendJson(res, 400, error("'file' and 'model' are required"));
    }
    const wav = Buffer.from(await file.arrayBuffer());
    const isPcm16Mono =
      wav.toString('ascii', 0, 4) === 'RIFF' &&
      wav.toString('ascii', 8, 12) === 'WAVE' &&
      wav.readUInt16LE(20) === 1 &&
      wav.readUInt16LE(22) === 1 &&
      wav.readUInt16LE(34) === 16;
    if (!isPcm16Mono) return sendJson(res, 400, error('Invalid file format.'));
    const language = form.get('language');
    if (typeof language === 'string' && !/^[a-z]{2,3}$/.test(language)) {
      return sendJson(res, 400, error(`Invalid language '${language}': use ISO-639-1`));
    }
    const format = form.get('response_format');
    this.uploads.push({
      model,
      language: typeof language === 'string' ? language : undefined,
      responseFormat: typeof format === 'string' ? format : undefined,
      sampleRate: wav.readUInt32LE(24),
      samples: wav.readUInt32LE(40) / 2,
    });
    await pause(this.opts.latencyMs ?? 0);
    sendJson(res, 200, { text: ` ${this.transcripts.shift() ?? ''}` });
  }
}
