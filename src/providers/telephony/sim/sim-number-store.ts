import type { NumberWebhooks } from '../numbers.ts';

/** The simulator's account book, persisted so bought numbers survive restarts. */
export interface SimNumberStore {
  /** The subset of `numbers` already on the sim account. */
  taken(numbers: readonly string[]): Promise<Set<string>>;
  /** Put a pool number on the account; false when someone already holds it. */
  claim(phoneNumber: string, webhooks: NumberWebhooks): Promise<boolean>;
  /** Set (or create) a number's webhooks; any E.164 number may be brought to the simulator. */
  connect(phoneNumber: string, webhooks: NumberWebhooks): Promise<void>;
  release(phoneNumber: string): Promise<void>;
}
