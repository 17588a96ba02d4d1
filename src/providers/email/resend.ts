import { z } from 'zod';
import type { Clock } from '../../lib/clock.ts';
import { joinUrl } from '../vendor-http.ts';
import { bearerJson, vendorRest } from '../vendor-rest.ts';
import type { EmailSender, OutgoingEmail, SentEmail } from './email.ts';

const Sent = z.object({ id: z.string() }).loose();

/** Resend's Emails API: `POST /emails` with a Bearer `re_…` key and JSON `{from, to, subject, text}`. */
export class ResendEmail implements EmailSender {
  readonly provider = 'resend';
  constructor(private readonly opts: { apiKey: string; baseUrl: string; clock: Clock; timeoutMs?: number }) {}

  async send(email: OutgoingEmail, signal?: AbortSignal): Promise<SentEmail> {
    const headers = bearerJson(this.opts.apiKey);
    if (email.idempotencyKey) headers['idempotency-key'] = email.idempotencyKey;
    const res = await vendorRest({
      provider: 'resend',
      method: 'POST',
      url: joinUrl(this.opts.baseUrl, '/emails'),
      headers,
      body: JSON.stringify({ from: email.from, to: [email.to], subject: email.subject, text: email.text }),
      clock: this.opts.clock,
      timeoutMs: this.opts.timeoutMs ?? 10_000,
      signal,
    });
    return { id: Sent.parse(res.body).id, provider: 'resend' };
  }
}
