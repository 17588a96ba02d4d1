import type { Clock } from '../../lib/clock.ts';
import type { EmailSender } from './email.ts';
import { ResendEmail } from './resend.ts';
import { SendGridEmail } from './sendgrid.ts';

/** The email adapter for a Resend or SendGrid account. */
export function emailSenderFor(
  account: { provider: 'resend' | 'sendgrid'; apiKey: string; baseUrl: string },
  clock: Clock,
): EmailSender {
  const opts = { apiKey: account.apiKey, baseUrl: account.baseUrl, clock };
  return account.provider === 'resend' ? new ResendEmail(opts) : new SendGridEmail(opts);
}
