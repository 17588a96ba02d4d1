import type {
  InboundRouting,
  NewPhoneNumber,
  PhoneNumberPatch,
  PhoneNumberRecord,
  PhoneNumberRepo,
} from '../domain/phone-number/phone-number.ts';
import { iso } from './convert.ts';
import { type Db, isUniqueViolation, json } from './db.ts';
import { deleteOwned } from './owned-rows.ts';
import { offsetPage } from './pagination.ts';
import type { Row } from './schema.ts';

const toRecord = (r: Row<'phone_numbers'>): PhoneNumberRecord => ({
  id: r.id,
  org_id: r.org_id,
  phone_number: r.phone_number,
  friendly_name: r.friendly_name,
  provider: r.provider as PhoneNumberRecord['provider'],
  agent_id: r.agent_id,
  status: r.status as PhoneNumberRecord['status'],
  inbound_trunk_id: r.inbound_trunk_id,
  outbound_trunk_id: r.outbound_trunk_id,
  dispatch_rule_id: r.dispatch_rule_id,
  inbound_routing: r.inbound_routing as InboundRouting | null,
  credential_id: r.credential_id,
  provider_config: r.provider_config,
  purchased: r.purchased,
  carrier_number_id: r.carrier_number_id,
  carrier_connection_id: r.carrier_connection_id,
  encrypted_sip_password: r.encrypted_sip_password,
  created_at: iso(r.created_at),
  updated_at: iso(r.updated_at),
});

/** SQL NULL (not JSON null) for an absent object, so `IS NULL` means "not set". */
const jsonOrNull = (v: object | null) => (v === null ? null : json(v));

export class PgPhoneNumberRepo implements PhoneNumberRepo {
  constructor(private readonly db: Db) {}

  async insert(orgId: string, n: NewPhoneNumber): Promise<PhoneNumberRecord | null> {
    try {
      const r = await this.db
        .insertInto('phone_numbers')
        .values({
          ...n,
          org_id: orgId,
          inbound_routing: jsonOrNull(n.inbound_routing),
          provider_config: jsonOrNull(n.provider_config),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(r);
    } catch (e) {
      if (isUniqueViolation(e)) return null;
      throw e;
    }
  }

  async get(orgId: string, id: string): Promise<PhoneNumberRecord | undefined> {
    const r = await this.db
      .selectFrom('phone_numbers')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toRecord(r);
  }

  async findByNumber(phoneNumber: string): Promise<PhoneNumberRecord | undefined> {
    const r = await this.db
      .selectFrom('phone_numbers')
      .selectAll()
      .where('phone_number', '=', phoneNumber)
      .executeTakeFirst();
    return r && toRecord(r);
  }

  async registered(numbers: readonly string[]): Promise<Set<string>> {
    if (numbers.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('phone_numbers')
      .select('phone_number')
      .where('phone_number', 'in', [...numbers])
      .execute();
    return new Set(rows.map((r) => r.phone_number));
  }

  async list(orgId: string, page: { limit: number; offset: number }) {
    const base = this.db.selectFrom('phone_numbers').where('org_id', '=', orgId);
    const { rows, total } = await offsetPage(base, (q) => q.selectAll(), page);
    return { items: rows.map(toRecord), total };
  }

  async update(orgId: string, id: string, patch: PhoneNumberPatch): Promise<PhoneNumberRecord | undefined> {
    const { inbound_routing, ...plain } = patch;
    const r = await this.db
      .updateTable('phone_numbers')
      .set({
        ...plain,
        ...(inbound_routing !== undefined ? { inbound_routing: jsonOrNull(inbound_routing) } : {}),
        updated_at: new Date(),
      })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return r && toRecord(r);
  }

  delete(orgId: string, id: string): Promise<boolean> {
    return deleteOwned(this.db, 'phone_numbers', orgId, id);
  }
}
