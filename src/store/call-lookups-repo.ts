import type { CallLookups } from '../domain/call/call-admission.ts';
import type { Db } from './db.ts';

/** Integration providers that can transcribe calls (Deepgram streaming; OpenAI-compatible Whisper). */
const sttProviders = ['deepgram', 'openai'];

/** The store reads a new call is checked against (numbers, STT integrations, the daily cap). */
export class PgCallLookups implements CallLookups {
  constructor(private readonly db: Db) {}

  async findNumber(orgId: string, phoneNumber: string) {
    return this.db
      .selectFrom('phone_numbers')
      .select(['id', 'provider'])
      .where('org_id', '=', orgId)
      .where('phone_number', '=', phoneNumber)
      .executeTakeFirst();
  }

  async hasSttIntegration(orgId: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('integrations')
      .select('id')
      .where('org_id', '=', orgId)
      .where('provider', 'in', sttProviders)
      .limit(1)
      .executeTakeFirst();
    return r !== undefined;
  }

  async maxCallsPerDay(orgId: string): Promise<number> {
    const r = await this.db
      .selectFrom('workspaces')
      .select('max_calls_per_day')
      .where('id', '=', orgId)
      .executeTakeFirst();
    return r?.max_calls_per_day ?? 0;
  }
}
