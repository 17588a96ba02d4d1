import type { Clock } from '../../lib/clock.ts';
import { joinUrl, vendorPost } from '../vendor-http.ts';
import { warmConnection } from '../vendor-pool.ts';
import type { TtsChunk } from './tts.ts';

/** The supported rate closest to `wanted` (ties go to the higher rate: more detail to resample from). */
export function nearestRate(wanted: number, supported: readonly number[]): number {
  let best = supported[0]!;
  for (const r of supported) {
    const d = Math.abs(r - wanted);
    const bd = Math.abs(best - wanted);
    if (d < bd || (d === bd && r > best)) best = r;
  }
  return best;
}

/** Raw little-endian PCM16 bytes → Int16Array chunks, carrying an odd trailing byte to the next read. */
export async function* pcmChunks(
  bytes: AsyncIterable<Uint8Array>,
  sampleRate: number,
): AsyncGenerator<TtsChunk> {
  let carry: number | undefined;
  for await (const b of bytes) {
    const total = b.length + (carry === undefined ? 0 : 1);
    const even = total - (total % 2);
    if (even === 0) {
      carry = b.length ? b[0] : carry;
      continue;
    }
    const buf = new Uint8Array(even);
    let off = 0;
    if (carry !== undefined) buf[off++] = carry;
    buf.set(b.subarray(0, even - off), off);
    carry = total % 2 ? b[b.length - 1] : undefined;
    // Every host Node runs on is little-endian, like the wire format.
    yield { pcm: new Int16Array(buf.buffer), sampleRate };
  }
}

/** A TTS HTTP request whose 2xx body is raw PCM16 at `sampleRate`. */
export interface PcmRequest {
  provider: string;
  baseUrl: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  sampleRate: number;
  signal: AbortSignal;
  clock: Clock;
  timeoutMs: number;
  fetch: typeof fetch | undefined;
}

/** POST a JSON body and stream the PCM answer; stops quietly on abort, throws ProviderError otherwise. */
export async function* streamPcm(r: PcmRequest): AsyncGenerator<TtsChunk> {
  const res = await vendorPost({
    provider: r.provider,
    url: joinUrl(r.baseUrl, r.path),
    headers: { 'content-type': 'application/json', ...r.headers },
    body: JSON.stringify(r.body),
    signal: r.signal,
    clock: r.clock,
    timeoutMs: r.timeoutMs,
    ...(r.fetch ? { fetch: r.fetch } : {}),
  });
  if (!res) return;
  for await (const chunk of pcmChunks(res.chunks(), r.sampleRate)) {
    if (r.signal.aborted) return;
    yield chunk;
  }
}

/** Settings every HTTP TTS adapter takes. */
export interface HttpTtsOptions {
  baseUrl: string;
  apiKey: string;
  clock: Clock;
  /** Max wait for the response and for each audio chunk. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The shared parts of a PcmRequest for an adapter's options. */
export function pcmRequestBase(provider: string, o: HttpTtsOptions, signal: AbortSignal) {
  return {
    provider,
    baseUrl: o.baseUrl,
    signal,
    clock: o.clock,
    timeoutMs: o.timeoutMs ?? 15_000,
    fetch: o.fetch,
  };
}

/** An HTTP TTS adapter's `prewarm`: a connection to its base URL's origin (none through an injected fetch). */
export function prewarmHttpTts(o: HttpTtsOptions): void {
  if (!o.fetch) warmConnection(o.baseUrl);
}
