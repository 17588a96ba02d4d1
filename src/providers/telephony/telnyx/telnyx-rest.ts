import { z } from 'zod';
import type { TelnyxAccount } from '../carrier-account.ts';
import { type CarrierResponse, carrierError, carrierRequest } from '../carrier-http.ts';

const TelnyxErrors = z.object({
  errors: z.array(
    z.object({ code: z.unknown(), title: z.string().optional(), detail: z.string().optional() }).loose(),
  ),
});

/** The first error of a Telnyx error body: its code (as a string) and message. */
export function telnyxErrorOf(res: CarrierResponse): {
  code: string | undefined;
  message: string | undefined;
} {
  const r = TelnyxErrors.safeParse(res.body);
  const first = r.success ? r.data.errors[0] : undefined;
  return {
    code: first?.code === undefined ? undefined : String(first.code),
    message: first ? (first.detail ?? first.title) : undefined,
  };
}

/** One Bearer-authenticated JSON request to Telnyx API v2; returns the response for any status. */
export function telnyxRequest(
  account: TelnyxAccount,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  json?: unknown,
): Promise<CarrierResponse> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${account.apiKey}`,
    accept: 'application/json',
  };
  if (json !== undefined) headers['content-type'] = 'application/json';
  return carrierRequest('telnyx', `${account.baseUrl}/v2${path}`, {
    method,
    headers,
    requestIdHeader: 'x-request-id',
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  });
}

/** A ProviderError carrying Telnyx's message. */
export function telnyxError(res: CarrierResponse) {
  return carrierError('telnyx', res, telnyxErrorOf(res).message);
}
