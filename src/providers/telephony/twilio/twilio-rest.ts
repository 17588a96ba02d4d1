import { z } from 'zod';
import type { TwilioAccount } from '../carrier-account.ts';
import { type CarrierResponse, carrierError, carrierRequest } from '../carrier-http.ts';

const TwilioError = z.object({ code: z.number().optional(), message: z.string().optional() }).loose();

/** A Twilio error body's code and message (e.g. 21220 "Call is not in-progress"). */
export function twilioErrorOf(res: CarrierResponse): {
  code?: number | undefined;
  message?: string | undefined;
} {
  const r = TwilioError.safeParse(res.body);
  return r.success ? r.data : {};
}

/**
 * One request to Twilio's 2010-04-01 REST API under /Accounts/{sid}: Basic auth `AccountSid:AuthToken`,
 * form-encoded writes. Returns the response for any status; network failures throw ProviderError.
 */
export function twilioRequest(
  account: TwilioAccount,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  form?: URLSearchParams,
): Promise<CarrierResponse> {
  const { accountSid, authToken, baseUrl } = account;
  const headers: Record<string, string> = {
    authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
    accept: 'application/json',
  };
  if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
  return carrierRequest('twilio', `${baseUrl}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}${path}`, {
    method,
    headers,
    requestIdHeader: 'twilio-request-id',
    ...(form ? { body: form.toString() } : {}),
  });
}

/** A ProviderError carrying Twilio's message and code. */
export function twilioError(res: CarrierResponse) {
  const d = twilioErrorOf(res);
  return carrierError(
    'twilio',
    res,
    d.message ? `${d.message}${d.code ? ` (code ${d.code})` : ''}` : undefined,
  );
}
