import type { Clock } from '../lib/clock.ts';
import { ProviderError } from './errors.ts';
import { requestIdOf, vendorErrorMessage } from './vendor-http.ts';

/** One non-streaming REST call to a vendor (send an SMS or email, look up slots, book). */
export interface RestRequest {
  provider: string;
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string | undefined;
  clock: Clock;
  /** Bounds the whole exchange: headers and body. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** The vendor's human message from a parsed error body, when the generic reader cannot find it. */
  errorMessage?: ((body: unknown) => string | undefined) | undefined;
}

/** A 2xx answer: status, parsed JSON body (or the raw text; undefined when empty) and headers. */
export interface RestResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

function describe(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
}

function parse(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Send one request and read the whole answer on the injected clock. Network failures and timeouts
 * are retryable ProviderErrors, non-2xx answers carry the status and the vendor's own message, and
 * a caller abort rejects with a non-retryable ProviderError saying so.
 */
export async function vendorRest(req: RestRequest): Promise<RestResponse> {
  const ctrl = new AbortController();
  let timedOut = false;
  const timer = req.clock.setTimeout(() => {
    timedOut = true;
    ctrl.abort();
  }, req.timeoutMs);
  const onAbort = () => ctrl.abort();
  req.signal?.addEventListener('abort', onAbort, { once: true });
  const failure = (e: unknown) => {
    if (timedOut)
      return new ProviderError(req.provider, `${req.provider} did not answer within ${req.timeoutMs} ms`, {
        retryable: true,
        cause: e,
      });
    if (req.signal?.aborted)
      return new ProviderError(req.provider, `${req.provider} request cancelled`, { retryable: false });
    return new ProviderError(req.provider, `${req.provider} request failed: ${describe(e)}`, {
      retryable: true,
      cause: e,
    });
  };
  try {
    if (req.signal?.aborted) throw failure(undefined);
    let res: Response;
    let text: string;
    try {
      res = await fetch(req.url, {
        method: req.method,
        headers: req.headers,
        ...(req.body === undefined ? {} : { body: req.body }),
        signal: ctrl.signal,
      });
      text = await res.text();
    } catch (e) {
      throw failure(e);
    }
    const body = parse(text);
    if (res.status >= 200 && res.status < 300) return { status: res.status, body, headers: res.headers };
    const requestId = requestIdOf(res.headers);
    const found = req.errorMessage?.(body) ?? (vendorErrorMessage(text) || 'no error message');
    throw new ProviderError(req.provider, `${req.provider} answered HTTP ${res.status}: ${found}`, {
      statusCode: res.status,
      ...(requestId === undefined ? {} : { requestId }),
    });
  } finally {
    req.clock.clearTimeout(timer);
    req.signal?.removeEventListener('abort', onAbort);
  }
}

/** `Bearer <key>` plus JSON content headers, as most action vendors expect. */
export function bearerJson(apiKey: string): Record<string, string> {
  return {
    authorization: `Bearer ${apiKey}`,
    'content-type': 'application/json',
    accept: 'application/json',
  };
}
