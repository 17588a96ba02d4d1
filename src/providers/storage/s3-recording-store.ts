import { createHash } from 'node:crypto';
import { isId } from '../../domain/ids.ts';
import type { Clock } from '../../lib/clock.ts';
import type { RecordingStore } from './recording-store.ts';
import { emptyPayloadHash, signV4 } from './sigv4.ts';

export interface S3Options {
  bucket: string;
  /** S3-compatible server (MinIO, R2, Ceph…), addressed path-style; unset = AWS (`<bucket>.s3.<region>.amazonaws.com`). */
  endpoint: string | undefined;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Key prefix, e.g. `recordings/`. */
  prefix: string;
  clock: Clock;
  /** Per request (upload or download). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** An S3 error answer: its status and the `<Code>` of its XML body. */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'S3Error';
  }
}

/**
 * Recordings in an S3-compatible bucket (PutObject / GetObject over the REST API, Signature V4), so
 * every node of a cluster reads every recording without a shared volume.
 */
export class S3RecordingStore implements RecordingStore {
  constructor(private readonly o: S3Options) {}

  async put(callId: string, wav: Uint8Array): Promise<string> {
    if (!isId('call', callId)) throw new Error(`not a call id: ${callId}`);
    const key = `${this.o.prefix}${callId}.wav`;
    const hash = createHash('sha256').update(wav).digest('hex');
    const res = await this.request('PUT', key, hash, { 'content-type': 'audio/wav' }, wav);
    if (!res.ok) throw await this.error(res, `upload of ${key}`);
    return key;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const res = await this.request('GET', key, emptyPayloadHash, {});
    if (res.status === 404) return undefined;
    if (!res.ok) throw await this.error(res, `download of ${key}`);
    return new Uint8Array(await res.arrayBuffer());
  }

  private url(key: string): URL {
    const path = key.split('/').map(encodeURIComponent).join('/');
    return this.o.endpoint
      ? new URL(`${this.o.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(this.o.bucket)}/${path}`)
      : new URL(`https://${this.o.bucket}.s3.${this.o.region}.amazonaws.com/${path}`);
  }

  private async request(
    method: 'GET' | 'PUT',
    key: string,
    payloadHash: string,
    extra: Record<string, string>,
    body?: Uint8Array,
  ): Promise<Response> {
    const url = this.url(key);
    const headers = signV4({
      method,
      url,
      headers: extra,
      payloadHash,
      region: this.o.region,
      service: 's3',
      accessKeyId: this.o.accessKeyId,
      secretAccessKey: this.o.secretAccessKey,
      now: new Date(this.o.clock.now()),
    });
    delete headers.host;
    const ctrl = new AbortController();
    const timeoutMs = this.o.timeoutMs ?? 60_000;
    const timer = this.o.clock.setTimeout(() => ctrl.abort(), timeoutMs);
    try {
      return await (this.o.fetch ?? fetch)(url, {
        method,
        headers,
        ...(body ? { body: body as Uint8Array<ArrayBuffer> } : {}),
        signal: ctrl.signal,
      });
    } catch (e) {
      const why = ctrl.signal.aborted ? `no answer within ${timeoutMs} ms` : (e as Error).message;
      throw new Error(`S3 ${method} ${url.host}${url.pathname} failed: ${why}`, { cause: e });
    } finally {
      this.o.clock.clearTimeout(timer);
    }
  }

  private async error(res: Response, what: string): Promise<S3Error> {
    const text = await res.text().catch(() => '');
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? `HTTP${res.status}`;
    const message = /<Message>([^<]+)<\/Message>/.exec(text)?.[1] ?? res.statusText;
    return new S3Error(res.status, code, `S3 ${what} failed: ${code}: ${message}`);
  }
}
