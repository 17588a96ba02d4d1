import { z } from 'zod';
import type { Clock } from '../../lib/clock.ts';
import type { TelnyxAccount } from '../telephony/carrier-account.ts';
import { joinUrl } from '../vendor-http.ts';
import { bearerJson, vendorRest } from '../vendor-rest.ts';
import type { OutgoingSms, SentSms, SmsSender } from './sms.ts';

const Sent = z.object({
  data: z
    .object({
      id: z.string(),
      to: z.array(z.object({ status: z.string().optional() }).loose()).optional(),
    })
    .loose(),
});
const TelnyxErrors = z.object({
  errors: z.array(
    z
      .object({ code: z.string().optional(), title: z.string().optional(), detail: z.string().optional() })
      .loose(),
  ),
});

/** Telnyx's error body `{errors: [{code, title, detail}]}` → "title: detail (code 10009)". */
export function telnyxErrorMessage(body: unknown): string | undefined {
  const e = TelnyxErrors.safeParse(body);
  const first = e.success ? e.data.errors[0] : undefined;
  if (!first) return undefined;
  const text = [first.title, first.detail].filter(Boolean).join(': ');
  return first.code ? `${text} (code ${first.code})` : text;
}

/** SMS over Telnyx's messaging API: `POST /v2/messages` with JSON `{from, to, text}`, Bearer API key. */
export class TelnyxSms implements SmsSender {
  readonly provider = 'telnyx';
  constructor(
    private readonly account: TelnyxAccount,
    private readonly clock: Clock,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(sms: OutgoingSms, signal?: AbortSignal): Promise<SentSms> {
    const res = await vendorRest({
      provider: 'telnyx',
      method: 'POST',
      url: joinUrl(this.account.baseUrl, '/v2/messages'),
      headers: bearerJson(this.account.apiKey),
      body: JSON.stringify({ from: sms.from, to: sms.to, text: sms.body }),
      clock: this.clock,
      timeoutMs: this.timeoutMs,
      signal,
      errorMessage: telnyxErrorMessage,
    });
    const sent = Sent.parse(res.body).data;
    return { id: sent.id, provider: 'telnyx', status: sent.to?.[0]?.status ?? 'queued' };
  }
}
