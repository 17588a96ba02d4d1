import type { CarrierAccount } from './carrier-account.ts';
import type { NumberProvider } from './numbers.ts';
import type { SimNumberStore } from './sim/sim-number-store.ts';
import { SimNumberProvider } from './sim/sim-numbers.ts';
import { TelnyxNumberProvider } from './telnyx/telnyx-numbers.ts';
import { TwilioNumberProvider } from './twilio/twilio-numbers.ts';

/** The number-management adapter for a carrier account. */
export function numberProviderFor(account: CarrierAccount, sim: SimNumberStore): NumberProvider {
  switch (account.provider) {
    case 'sim':
      return new SimNumberProvider(sim);
    case 'twilio':
      return new TwilioNumberProvider(account);
    case 'telnyx':
      return new TelnyxNumberProvider(account);
  }
}
