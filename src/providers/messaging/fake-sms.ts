import { isE164 } from '../../lib/formats.ts';
import { ProviderError } from '../errors.ts';
import type { OutgoingSms, SentSms, SmsSender } from './sms.ts';

/** An in-memory SmsSender for engine tests: records what was sent and fails on demand. */
export class FakeSms implements SmsSender {
  readonly sent: OutgoingSms[] = [];
  private failures: ProviderError[] = [];
  private seq = 0;
  constructor(readonly provider = 'fake') {}

  /** The next send throws `error` (e.g. a 401 or a timeout ProviderError). */
  failNext(error: ProviderError): void {
    this.failures.push(error);
  }

  async send(sms: OutgoingSms, signal?: AbortSignal): Promise<SentSms> {
    if (signal?.aborted) throw new ProviderError(this.provider, 'request cancelled', { retryable: false });
    const failure = this.failures.shift();
    if (failure) throw failure;
    if (!isE164(sms.to))
      throw new ProviderError(this.provider, `${sms.to} is not an E.164 phone number`, { statusCode: 400 });
    this.sent.push({ ...sms });
    this.seq += 1;
    return { id: `fake_sms_${this.seq}`, provider: this.provider, status: 'queued' };
  }
}
