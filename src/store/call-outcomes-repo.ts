import type { CallOutcome, CallOutcomePatch, CallOutcomeRepo } from '../domain/outcome/outcome.ts';
import { iso } from './convert.ts';
import { type Db, isUniqueViolation } from './db.ts';
import { deleteOwned } from './owned-rows.ts';
import type { Row } from './schema.ts';

const toOutcome = (r: Row<'call_outcomes'>): CallOutcome => ({
  id: r.id,
  name: r.name,
  label: r.label,
  description: r.description,
  is_active: r.is_active,
  created_at: iso(r.created_at),
  updated_at: iso(r.updated_at),
});

export class PgCallOutcomeRepo implements CallOutcomeRepo {
  constructor(private readonly db: Db) {}

  async insert(
    orgId: string,
    o: Pick<CallOutcome, 'id' | 'name' | 'label' | 'description'>,
  ): Promise<CallOutcome | undefined> {
    try {
      const r = await this.db
        .insertInto('call_outcomes')
        .values({ ...o, org_id: orgId })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toOutcome(r);
    } catch (e) {
      if (isUniqueViolation(e)) return undefined;
      throw e;
    }
  }

  async get(orgId: string, id: string): Promise<CallOutcome | undefined> {
    const r = await this.db
      .selectFrom('call_outcomes')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toOutcome(r);
  }

  async list(orgId: string): Promise<CallOutcome[]> {
    const rows = await this.db
      .selectFrom('call_outcomes')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('id')
      .execute();
    return rows.map(toOutcome);
  }

  async update(orgId: string, id: string, patch: CallOutcomePatch): Promise<CallOutcome | undefined> {
    const r = await this.db
      .updateTable('call_outcomes')
      .set({ ...patch, updated_at: new Date() })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return r && toOutcome(r);
  }

  delete(orgId: string, id: string): Promise<boolean> {
    return deleteOwned(this.db, 'call_outcomes', orgId, id);
  }
}
