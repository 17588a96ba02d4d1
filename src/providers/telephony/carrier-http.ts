import { ProviderError } from '../errors.ts';

export interface CarrierResponse {
  status: number;
  body: unknown;
  requestId: string | undefined;
}

/** One REST call to a carrier; network failures and timeouts become retryable ProviderErrors, HTTP errors are returned. */
export async function carrierRequest(
  provider: string,
  url: string,
  init: RequestInit & { requestIdHeader: string; timeoutMs?: number },
): Promise<CarrierResponse> {
  const { requestIdHeader, timeoutMs = 15_000, ...rest } = init;
  let res: Response;
  try {
    res = await fetch(url, { ...rest, signal: AbortSignal.timeout(timeoutMs) });
  } catch (cause) {
    throw new ProviderError(provider, `${provider} API unreachable at ${new URL(url).origin}`, {
      retryable: true,
      cause,
    });
  }
  const text = await res.text();
  let body: unknown = text;
  if (text && (res.headers.get('content-type') ?? '').includes('json')) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, body, requestId: res.headers.get(requestIdHeader) ?? undefined };
}

/** A ProviderError for a non-2xx carrier response, with the vendor's own message. */
export function carrierError(provider: string, res: CarrierResponse, vendorMessage: string | undefined) {
  return new ProviderError(provider, `${provider} API ${res.status}: ${vendorMessage ?? 'request failed'}`, {
    statusCode: res.status,
    ...(res.requestId ? { requestId: res.requestId } : {}),
  });
}
