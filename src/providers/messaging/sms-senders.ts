import type { Clock } from '../../lib/clock.ts';
import type { CarrierAccount } from '../telephony/carrier-account.ts';
import { SimSms } from './sim-sms.ts';
import type { SmsSender } from './sms.ts';
import { TelnyxSms } from './telnyx-sms.ts';
import { TwilioSms } from './twilio-sms.ts';

/** The SMS adapter for a carrier account; `newId` names sim messages. */
export function smsSenderFor(account: CarrierAccount, clock: Clock, newId: () => string): SmsSender {
  switch (account.provider) {
    case 'sim':
      return new SimSms(newId);
    case 'twilio':
      return new TwilioSms(account, clock);
    case 'telnyx':
      return new TelnyxSms(account, clock);
  }
}
