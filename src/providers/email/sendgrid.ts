import { z } from 'zod';
import type { Clock } from '../../lib/clock.ts';
import { joinUrl } from '../vendor-http.ts';
import { bearerJson, vendorRest } from '../vendor-rest.ts';
import { type EmailSender, type OutgoingEmail, parseMailbox, type SentEmail } from './email.ts';

const SendGridErrors = z.object({
  errors: z.array(z.object({ message: z.string(), field: z.string().nullish() }).loose()),
});

/** SendGrid's error body `{errors: [{message, field}]}` → "message (field from); …". */
export function sendGridErrorMessage(body: unknown): string | undefined {
  const e = SendGridErrors.safeParse(body);
  if (!e.success || e.data.errors.length === 0) return undefined;
  return e.data.errors.map((x) => (x.field ? `${x.message} (field ${x.field})` : x.message)).join('; ');
}

/** SendGrid v3 Mail Send: `POST /v3/mail/send` with a Bearer key; 202 with the id in `X-Message-Id`. */
export class SendGridEmail implements EmailSender {
  readonly provider = 'sendgrid';
  constructor(private readonly opts: { apiKey: string; baseUrl: string; clock: Clock; timeoutMs?: number }) {}

  async send(email: OutgoingEmail, signal?: AbortSignal): Promise<SentEmail> {
    const res = await vendorRest({
      provider: 'sendgrid',
      method: 'POST',
      url: joinUrl(this.opts.baseUrl, '/v3/mail/send'),
      headers: bearerJson(this.opts.apiKey),
      body: JSON.stringify({
        personalizations: [{ to: [{ email: email.to }] }],
        from: parseMailbox(email.from),
        subject: email.subject,
        content: [{ type: 'text/plain', value: email.text }],
      }),
      clock: this.opts.clock,
      timeoutMs: this.opts.timeoutMs ?? 10_000,
      signal,
      errorMessage: sendGridErrorMessage,
    });
    return { id: res.headers.get('x-message-id'), provider: 'sendgrid' };
  }
}
