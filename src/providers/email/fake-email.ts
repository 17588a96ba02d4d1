import { isEmail } from '../../lib/formats.ts';
import { ProviderError } from '../errors.ts';
import type { EmailSender, OutgoingEmail, SentEmail } from './email.ts';

/** An in-memory EmailSender for engine tests: records what was sent and fails on demand. */
export class FakeEmail implements EmailSender {
  readonly sent: OutgoingEmail[] = [];
  private failures: ProviderError[] = [];
  private seq = 0;
  constructor(readonly provider = 'fake') {}

  /** The next send throws `error`. */
  failNext(error: ProviderError): void {
    this.failures.push(error);
  }

  async send(email: OutgoingEmail, signal?: AbortSignal): Promise<SentEmail> {
    if (signal?.aborted) throw new ProviderError(this.provider, 'request cancelled', { retryable: false });
    const failure = this.failures.shift();
    if (failure) throw failure;
    if (!isEmail(email.to))
      throw new ProviderError(this.provider, `${email.to} is not an email address`, { statusCode: 422 });
    this.sent.push({ ...email });
    this.seq += 1;
    return { id: `fake_email_${this.seq}`, provider: this.provider };
  }
}
