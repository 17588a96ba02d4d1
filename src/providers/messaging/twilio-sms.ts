import { z } from 'zod';
import type { Clock } from '../../lib/clock.ts';
import type { TwilioAccount } from '../telephony/carrier-account.ts';
import { joinUrl } from '../vendor-http.ts';
import { vendorRest } from '../vendor-rest.ts';
import type { OutgoingSms, SentSms, SmsSender } from './sms.ts';

const Created = z.object({ sid: z.string(), status: z.string() }).loose();
const TwilioError = z.object({ code: z.number().optional(), message: z.string() }).loose();

/** Twilio's error body `{code, message, more_info, status}` → "message (code 21211)". */
export function twilioErrorMessage(body: unknown): string | undefined {
  const e = TwilioError.safeParse(body);
  if (!e.success) return undefined;
  return e.data.code === undefined ? e.data.message : `${e.data.message} (code ${e.data.code})`;
}

/** SMS over Twilio's Messages resource: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded, Basic auth. */
export class TwilioSms implements SmsSender {
  readonly provider = 'twilio';
  constructor(
    private readonly account: TwilioAccount,
    private readonly clock: Clock,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(sms: OutgoingSms, signal?: AbortSignal): Promise<SentSms> {
    const { accountSid, authToken, baseUrl } = this.account;
    const res = await vendorRest({
      provider: 'twilio',
      method: 'POST',
      url: joinUrl(baseUrl, `/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`),
      headers: {
        authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams({ To: sms.to, From: sms.from, Body: sms.body }).toString(),
      clock: this.clock,
      timeoutMs: this.timeoutMs,
      signal,
      errorMessage: twilioErrorMessage,
    });
    const created = Created.parse(res.body);
    return { id: created.sid, provider: 'twilio', status: created.status };
  }
}
