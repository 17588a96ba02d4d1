import { type ExpressionBuilder, sql } from 'kysely';
import { decodeTime, encodeTime } from 'ulid';
import type {
  CallFilters,
  CallOverrides,
  CallRecord,
  CallRepo,
  EndFields,
  NewCall,
} from '../domain/call/call.ts';
import { type CallStatus, type EndReason, endStatus, predecessorsOf } from '../domain/call/call-status.ts';
import { iso } from './convert.ts';
import { type Db, json } from './db.ts';
import { offsetPage } from './pagination.ts';
import type { Database, Row } from './schema.ts';

const toCall = (r: Row<'calls'>): CallRecord => ({
  ...(r as unknown as CallRecord),
  overrides: r.overrides as CallOverrides,
  messages: r.messages as unknown as CallRecord['messages'],
  scheduled_at: iso(r.scheduled_at),
  started_at: iso(r.started_at),
  answered_at: iso(r.answered_at),
  ended_at: iso(r.ended_at),
  finalized_at: iso(r.finalized_at),
  created_at: iso(r.created_at),
  updated_at: iso(r.updated_at),
});

/** The first `call_…` id minted at `ms`. */
const idFloor = (ms: number) => `call_${encodeTime(Math.max(0, ms), 10).toLowerCase()}${'0'.repeat(16)}`;
/** A call's creation time is its id's timestamp (ULID ms), so creation-time filters are id ranges on the (org_id, id) index. */
const createdAtOf = (id: string) => new Date(decodeTime(id.slice('call_'.length).toUpperCase()));

/** WHERE clauses for the list filters; created_* also bound the id range so the id index does the work. */
function filtered(orgId: string, f: CallFilters) {
  return (eb: ExpressionBuilder<Database, 'calls'>) => {
    const c = [eb('org_id', '=', orgId)];
    if (f.agent_id) c.push(eb('agent_id', '=', f.agent_id));
    if (f.status) c.push(eb('status', '=', f.status));
    if (f.type) c.push(eb('type', '=', f.type));
    if (f.direction) c.push(eb('direction', '=', f.direction));
    if (f.outcome) c.push(eb('outcome', '=', f.outcome));
    if (f.created_after) {
      const ms = Date.parse(f.created_after);
      c.push(eb('id', '>=', idFloor(ms + 1)), eb('created_at', '>', new Date(ms)));
    }
    if (f.created_before) {
      const ms = Date.parse(f.created_before);
      c.push(eb('id', '<', idFloor(ms)), eb('created_at', '<', new Date(ms)));
    }
    return eb.and(c);
  };
}

export class PgCallRepo implements CallRepo {
  constructor(private readonly db: Db) {}

  async insert(orgId: string, call: NewCall, dailyCap?: { limit: number; sinceMs: number }) {
    return this.db.transaction().execute(async (tx) => {
      if (dailyCap) {
        // Serialise creates per workspace so concurrent requests cannot overshoot the cap.
        await sql`SELECT pg_advisory_xact_lock(hashtext(${`calls:${orgId}`}))`.execute(tx);
        const { n } = await tx
          .selectFrom('calls')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where(filtered(orgId, { created_after: new Date(dailyCap.sinceMs - 1).toISOString() }))
          .executeTakeFirstOrThrow();
        if (Number(n) >= dailyCap.limit) return 'daily_cap_reached' as const;
      }
      const r = await tx
        .insertInto('calls')
        .values({
          ...call,
          org_id: orgId,
          created_at: createdAtOf(call.id),
          updated_at: createdAtOf(call.id),
          variables: json(call.variables),
          metadata: json(call.metadata),
          overrides: json(call.overrides),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toCall(r);
    });
  }

  async get(orgId: string, id: string): Promise<CallRecord | undefined> {
    const r = await this.db
      .selectFrom('calls')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toCall(r);
  }

  async list(orgId: string, filters: CallFilters, page: { limit: number; offset: number }) {
    const base = this.db.selectFrom('calls').where(filtered(orgId, filters));
    const { rows, total } = await offsetPage(base, (q) => q.selectAll(), page);
    return { items: rows.map(toCall), total };
  }

  async listBefore(
    orgId: string,
    filters: CallFilters,
    page: { limit: number; beforeId: string | undefined },
  ) {
    let q = this.db.selectFrom('calls').selectAll().where(filtered(orgId, filters));
    if (page.beforeId) q = q.where('id', '<', page.beforeId);
    const rows = await q.orderBy('id', 'desc').limit(page.limit).execute();
    return rows.map(toCall);
  }

  async transition(orgId: string, id: string, to: CallStatus): Promise<CallRecord | undefined> {
    return this.move(orgId, id, to, predecessorsOf(to), {});
  }

  async end(
    orgId: string,
    id: string,
    reason: EndReason,
    fields: EndFields,
    onlyFrom?: readonly CallStatus[],
  ): Promise<CallRecord | undefined> {
    const set = {
      end_reason: reason,
      ended_at: fields.ended_at,
      error_message: fields.error_message ?? null,
    };
    // One conditional UPDATE per possible source status, so the target always matches the status replaced.
    for (const from of onlyFrom ?? (['in_progress', 'initiated', 'queued'] as const)) {
      const to = endStatus(reason, from);
      if (!to) continue;
      const r = await this.move(orgId, id, to, [from], set);
      if (r) return r;
    }
    return undefined;
  }

  async setDispatchJob(orgId: string, id: string, jobId: string | null): Promise<void> {
    await this.db
      .updateTable('calls')
      .set({ dispatch_job_id: jobId })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .execute();
  }

  async setOutcome(orgId: string, id: string, outcome: string): Promise<CallRecord | undefined> {
    const manual = json({ outcome, outcome_source: 'manual' });
    const r = await this.db
      .updateTable('calls')
      .set({ outcome, analysis: sql`analysis || ${manual}::jsonb`, updated_at: new Date() })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return r && toCall(r);
  }

  /** The one write of `status`: only when the current status is one of `from` (all allowed predecessors of `to`). */
  private async move(
    orgId: string,
    id: string,
    to: CallStatus,
    from: readonly CallStatus[],
    set: Record<string, unknown>,
  ): Promise<CallRecord | undefined> {
    const allowed = from.filter((f) => predecessorsOf(to).includes(f));
    if (allowed.length === 0) return undefined;
    const r = await this.db
      .updateTable('calls')
      .set({ ...set, status: to, updated_at: new Date() })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .where('status', 'in', allowed)
      .returningAll()
      .executeTakeFirst();
    return r && toCall(r);
  }
}
