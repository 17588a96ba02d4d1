import type { NumberWebhooks } from '../providers/telephony/numbers.ts';
import type { SimNumberStore } from '../providers/telephony/sim/sim-number-store.ts';
import type { Db } from './db.ts';

/** The sim carrier's account book in the store, so bought sim numbers survive restarts. */
export class PgSimNumberStore implements SimNumberStore {
  constructor(private readonly db: Db) {}

  async taken(numbers: readonly string[]): Promise<Set<string>> {
    if (numbers.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('sim_numbers')
      .select('phone_number')
      .where('phone_number', 'in', [...numbers])
      .execute();
    return new Set(rows.map((r) => r.phone_number));
  }

  async claim(phoneNumber: string, webhooks: NumberWebhooks): Promise<boolean> {
    const r = await this.db
      .insertInto('sim_numbers')
      .values({ phone_number: phoneNumber, purchased: true, ...columns(webhooks) })
      .onConflict((oc) => oc.column('phone_number').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async connect(phoneNumber: string, webhooks: NumberWebhooks): Promise<void> {
    await this.db
      .insertInto('sim_numbers')
      .values({ phone_number: phoneNumber, ...columns(webhooks) })
      .onConflict((oc) =>
        oc.column('phone_number').doUpdateSet({ ...columns(webhooks), updated_at: new Date() }),
      )
      .execute();
  }

  async release(phoneNumber: string): Promise<void> {
    await this.db.deleteFrom('sim_numbers').where('phone_number', '=', phoneNumber).execute();
  }
}

function columns(w: NumberWebhooks) {
  return { voice_url: w.voiceUrl, status_callback_url: w.statusCallbackUrl };
}
