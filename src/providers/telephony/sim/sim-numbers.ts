import {
  type AvailableNumber,
  type CarrierNumber,
  CarrierNumberError,
  type NumberProvider,
  type NumberSearch,
  type NumberWebhooks,
} from '../numbers.ts';
import type { SimNumberStore } from './sim-number-store.ts';
import { describeSimNumber, isSimNumber, simCandidates, simCountries } from './sim-pool.ts';

/** The built-in `sim` carrier (decisions §9): no network, deterministic inventory of fictional numbers. */
export class SimNumberProvider implements NumberProvider {
  readonly provider = 'sim' as const;
  readonly capabilities = { countries: simCountries, perNumberWebhooks: true };

  constructor(private readonly store: SimNumberStore) {}

  async searchAvailable(search: NumberSearch): Promise<AvailableNumber[]> {
    const candidates = simCandidates(search);
    const out: AvailableNumber[] = [];
    // Page through the pool so numbers already taken do not shrink the result below `limit`.
    for (let i = 0; i < candidates.length && out.length < search.limit; i += 200) {
      const chunk = candidates.slice(i, i + 200);
      const taken = await this.store.taken(chunk);
      for (const n of chunk) {
        if (out.length >= search.limit) break;
        if (!taken.has(n)) out.push(describeSimNumber(n));
      }
    }
    return out;
  }

  async purchase(phoneNumber: string, webhooks: NumberWebhooks): Promise<CarrierNumber> {
    if (!isSimNumber(phoneNumber) || !(await this.store.claim(phoneNumber, webhooks)))
      throw new CarrierNumberError(
        'sim',
        'not_available',
        `${phoneNumber} is not available on the simulator; search with GET /v1/phone-numbers/search.`,
      );
    return { phoneNumber, carrierNumberId: phoneNumber, connectionId: null };
  }

  async connect(phoneNumber: string, webhooks: NumberWebhooks): Promise<CarrierNumber> {
    await this.store.connect(phoneNumber, webhooks);
    return { phoneNumber, carrierNumberId: phoneNumber, connectionId: null };
  }

  async release(number: CarrierNumber): Promise<void> {
    await this.store.release(number.phoneNumber);
  }
}
