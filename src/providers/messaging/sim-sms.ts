import { isE164 } from '../../lib/formats.ts';
import { ProviderError } from '../errors.ts';
import type { OutgoingSms, SentSms, SmsSender } from './sms.ts';

/**
 * Twilio's magic test numbers, honoured by the simulator so sim calls can rehearse failures:
 * sending to them fails the way a real carrier would.
 */
export const simUndeliverable: Readonly<Record<string, string>> = {
  '+15005550001': 'The To number +15005550001 is not a valid phone number (sim)',
  '+15005550009': 'The To number +15005550009 cannot receive SMS (sim)',
};

/**
 * The built-in carrier's SMS: no network; every message is accepted as `delivered` with a fresh id,
 * except to the numbers in `simUndeliverable`. The action log (`sent_messages`) is its outbox.
 */
export class SimSms implements SmsSender {
  readonly provider = 'sim';
  constructor(private readonly newId: () => string) {}

  async send(sms: OutgoingSms, signal?: AbortSignal): Promise<SentSms> {
    if (signal?.aborted) throw new ProviderError('sim', 'sim request cancelled', { retryable: false });
    if (!isE164(sms.to))
      throw new ProviderError('sim', `sim answered HTTP 400: ${sms.to} is not an E.164 phone number`, {
        statusCode: 400,
      });
    const refused = simUndeliverable[sms.to];
    if (refused) throw new ProviderError('sim', `sim answered HTTP 400: ${refused}`, { statusCode: 400 });
    return { id: this.newId(), provider: 'sim', status: 'delivered' };
  }
}
