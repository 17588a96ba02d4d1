import type { Clock } from '../lib/clock.ts';
import { ProviderError } from './errors.ts';
import { fetchPost, nodePost, type RawResponse } from './vendor-transport.ts';

/** One HTTP call to a vendor. `timeoutMs` bounds the wait for headers and for each body chunk. */
export interface VendorRequest {
  provider: string;
  url: string;
  headers: Record<string, string>;
  body: string | FormData;
  signal: AbortSignal;
  clock: Clock;
  timeoutMs: number;
  /** Send through this `fetch` instead of node:http (tests that fake the network). */
  fetch?: typeof fetch;
}

/** An ok response whose body is read through `chunks()` (stall, break and abort handled). */
export interface VendorResponse {
  response: RawResponse;
  chunks(): AsyncGenerator<Uint8Array>;
}

const requestIdHeaders = ['x-request-id', 'request-id', 'dg-request-id'];
/** How long a stream stopped at its end marker may take to finish before its connection is cut. */
export const releaseWithinMs = 1000;

/** The vendor's own request id, when it sent one (support tickets need it). */
export function requestIdOf(headers: { get(name: string): string | null }): string | undefined {
  for (const h of requestIdHeaders) {
    const v = headers.get(h);
    if (v) return v;
  }
  return undefined;
}

/** Pull a human message out of a vendor error body (OpenAI, Anthropic, ElevenLabs, Deepgram, Cartesia shapes). */
export function vendorErrorMessage(bodyText: string): string {
  let msg = bodyText.trim();
  try {
    const j = JSON.parse(bodyText) as Record<string, unknown>;
    const err = j.error as Record<string, unknown> | string | undefined;
    const detail = j.detail as Record<string, unknown> | string | undefined;
    const candidates = [
      typeof err === 'object' ? err?.message : err,
      typeof detail === 'object' ? detail?.message : detail,
      j.err_msg,
      j.message,
      j.title,
    ];
    const found = candidates.find((c) => typeof c === 'string' && c.trim() !== '');
    if (typeof found === 'string') msg = found;
  } catch {
    // Not JSON: keep the text.
  }
  return msg.length > 300 ? `${msg.slice(0, 300)}…` : msg;
}

/** Map a non-2xx status (HTTP or WebSocket handshake) to a ProviderError; 5xx/408/429 are retryable. */
export function httpStatusError(
  provider: string,
  status: number,
  bodyText: string,
  requestId: string | undefined,
): ProviderError {
  const msg = vendorErrorMessage(bodyText) || 'no error message';
  return new ProviderError(provider, `${provider} answered HTTP ${status}: ${msg}`, {
    statusCode: status,
    ...(requestId === undefined ? {} : { requestId }),
  });
}

function describe(e: unknown): string {
  // fetch wraps the socket error in `cause`; node:http throws it bare.
  const err = e as { code?: string; cause?: { code?: string; message?: string } };
  const cause = err?.cause;
  return cause?.code ?? cause?.message ?? err?.code ?? (e instanceof Error ? e.message : String(e));
}

/** POST to a vendor; null when the caller aborted; throws ProviderError on network errors, timeouts and non-2xx. */
export async function vendorPost(req: VendorRequest): Promise<VendorResponse | null> {
  if (req.signal.aborted) return null;
  const ctrl = new AbortController();
  const onAbort = () => ctrl.abort();
  req.signal.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  let timer = req.clock.setTimeout(() => {
    timedOut = true;
    ctrl.abort();
  }, req.timeoutMs);
  const rearm = () => {
    req.clock.clearTimeout(timer);
    timer = req.clock.setTimeout(() => {
      timedOut = true;
      ctrl.abort();
    }, req.timeoutMs);
  };
  const cleanup = () => {
    req.clock.clearTimeout(timer);
    req.signal.removeEventListener('abort', onAbort);
  };
  const post = req.fetch ? fetchPost(req.fetch) : nodePost;
  let response: RawResponse;
  try {
    response = await post(req.url, req.headers, req.body, ctrl.signal);
  } catch (e) {
    cleanup();
    if (req.signal.aborted) return null;
    throw new ProviderError(
      req.provider,
      timedOut
        ? `${req.provider} did not answer within ${req.timeoutMs} ms`
        : `${req.provider} request failed: ${describe(e)}`,
      { retryable: true, cause: e },
    );
  }
  if (response.status < 200 || response.status > 299) {
    const text = await response.text().catch(() => '');
    cleanup();
    throw httpStatusError(req.provider, response.status, text, requestIdOf(response.headers));
  }
  rearm();
  // Told to stop: cut the stream (the vendor stops generating). Otherwise the consumer saw the
  // stream's end marker ([DONE], message_stop): its last bytes follow at once, and waiting for them
  // keeps the connection for the next turn instead of a new handshake (TLS, with a real vendor).
  const stoppedEarly = () => {
    if (req.signal.aborted || !response.release) return ctrl.abort();
    const cut = req.clock.setTimeout(() => ctrl.abort(), releaseWithinMs);
    void response.release().then(() => req.clock.clearTimeout(cut));
  };
  async function* chunks(): AsyncGenerator<Uint8Array> {
    let finished = false;
    try {
      for await (const chunk of response.body) {
        rearm();
        yield chunk;
      }
      finished = true;
    } catch (e) {
      if (req.signal.aborted) return;
      throw new ProviderError(
        req.provider,
        timedOut
          ? `${req.provider} stream stalled for ${req.timeoutMs} ms`
          : `${req.provider} stream broke: ${describe(e)}`,
        { retryable: true, cause: e, ...withRequestId(response) },
      );
    } finally {
      cleanup();
      if (!finished) stoppedEarly();
    }
  }
  return { response, chunks };
}

function withRequestId(res: RawResponse): { requestId?: string } {
  const id = requestIdOf(res.headers);
  return id === undefined ? {} : { requestId: id };
}

/** Join `base` and `path` with exactly one slash (base URLs come from env and integrations, with or without one). */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
