import { type CompiledQuery, type ExpressionBuilder, sql } from 'kysely';
import { decodeTime, encodeTime } from 'ulid';
import type { CallFilters, CallRecord, CallRepo, EndFields, NewCall } from '../domain/call/call.ts';
import { type CallStatus, type EndReason, endStatus, predecessorsOf } from '../domain/call/call-status.ts';
import { type Db, json } from './db.ts';
import { arrayQuery, arrayRows } from './hot-reads.ts';
import type { Database } from './schema.ts';

/** The columns a CallRecord holds (not `transcript`, the legacy text column, nor `node_id`), in table order. */
const callColumns = [
  'id',
  'org_id',
  'agent_id',
  'type',
  'direction',
  'status',
  'from_number',
  'to_number',
  'phone_number_id',
  'carrier',
  'room_name',
  'twilio_call_sid',
  'scheduled_at',
  'variables',
  'metadata',
  'overrides',
  'webhook_url',
  'started_at',
  'answered_at',
  'ended_at',
  'duration_seconds',
  'end_reason',
  'error_message',
  'outcome',
  'messages',
  'recording_key',
  'ai_summary',
  'analysis',
  'latency',
  'credits_used',
  'cost_cents',
  'cost_breakdown',
  'created_at',
  'updated_at',
  'dispatch_job_id',
  'finalized_at',
  'usage',
] as const;

/** An `arrayRows` row of `callColumns` (timestamps already ISO strings) as the stored call. */
// biome-ignore lint/suspicious/noExplicitAny: positional columns, typed by CallRecord.
const toCall = (r: any[]): CallRecord => ({
  id: r[0],
  org_id: r[1],
  agent_id: r[2],
  type: r[3],
  direction: r[4],
  status: r[5],
  from_number: r[6],
  to_number: r[7],
  phone_number_id: r[8],
  carrier: r[9],
  room_name: r[10],
  twilio_call_sid: r[11],
  scheduled_at: r[12],
  variables: r[13],
  metadata: r[14],
  overrides: r[15],
  webhook_url: r[16],
  started_at: r[17],
  answered_at: r[18],
  ended_at: r[19],
  duration_seconds: r[20],
  end_reason: r[21],
  error_message: r[22],
  outcome: r[23],
  messages: r[24],
  recording_key: r[25],
  ai_summary: r[26],
  analysis: r[27],
  latency: r[28],
  credits_used: r[29],
  cost_cents: r[30],
  cost_breakdown: r[31],
  created_at: r[32],
  updated_at: r[33],
  dispatch_job_id: r[34],
  finalized_at: r[35],
  usage: r[36],
});

/** The first `call_…` id minted at `ms`. */
const idFloor = (ms: number) => `call_${encodeTime(Math.max(0, ms), 10).toLowerCase()}${'0'.repeat(16)}`;
/** A call's creation time is its id's timestamp (ULID ms), so creation-time filters are id ranges on the (org_id, id) index. */
const createdAtOf = (id: string) => new Date(decodeTime(id.slice('call_'.length).toUpperCase()));

/** The values the list filters compare; created_* become id bounds (so the id index does the work) and times. */
interface WhereValues {
  org_id: string;
  agent_id?: string;
  status?: string;
  type?: string;
  direction?: string;
  outcome?: string;
  after_id?: string;
  after_at?: Date;
  before_id?: string;
  before_at?: Date;
}

function whereValues(orgId: string, f: CallFilters): WhereValues {
  const v: WhereValues = { org_id: orgId };
  if (f.agent_id) v.agent_id = f.agent_id;
  if (f.status) v.status = f.status;
  if (f.type) v.type = f.type;
  if (f.direction) v.direction = f.direction;
  if (f.outcome) v.outcome = f.outcome;
  if (f.created_after) {
    const ms = Date.parse(f.created_after);
    v.after_id = idFloor(ms + 1);
    v.after_at = new Date(ms);
  }
  if (f.created_before) {
    const ms = Date.parse(f.created_before);
    v.before_id = idFloor(ms);
    v.before_at = new Date(ms);
  }
  return v;
}

/** WHERE clauses for the values present in `v`. */
function filtered(v: WhereValues) {
  return (eb: ExpressionBuilder<Database, 'calls'>) => {
    const c = [eb('org_id', '=', v.org_id)];
    for (const k of ['agent_id', 'status', 'type', 'direction', 'outcome'] as const)
      if (v[k] !== undefined) c.push(eb(k, '=', v[k]));
    if (v.after_id !== undefined) c.push(eb('id', '>=', v.after_id), eb('created_at', '>', v.after_at!));
    if (v.before_id !== undefined) c.push(eb('id', '<', v.before_id), eb('created_at', '<', v.before_at!));
    return eb.and(c);
  };
}

type PageValues = WhereValues & { cursor?: string; limit: number };

/** A cursor page's SQL for one combination of filters, with the value name behind each parameter. */
interface PageShape {
  query: CompiledQuery;
  slots: (keyof PageValues)[];
}

export class PgCallRepo implements CallRepo {
  /** GET /v1/calls/{id}: compiled once, a named prepared statement (one plan: the primary key). */
  private readonly byId: CompiledQuery;

  /** listBefore's SQL per combination of filters (at most 2^9), compiled once. */
  private readonly pageShapes = new Map<string, PageShape>();

  constructor(private readonly db: Db) {
    const byId = db.selectFrom('calls').select(callColumns).where('org_id', '=', '').where('id', '=', '');
    this.byId = arrayQuery(byId.compile(), 'parley_call_by_id');
  }

  async insert(orgId: string, call: NewCall, dailyCap?: { limit: number; sinceMs: number }) {
    return this.db.transaction().execute(async (tx) => {
      if (dailyCap) {
        // Serialise creates per workspace so concurrent requests cannot overshoot the cap.
        await sql`SELECT pg_advisory_xact_lock(hashtext(${`calls:${orgId}`}))`.execute(tx);
        const { n } = await tx
          .selectFrom('calls')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where(
            filtered(whereValues(orgId, { created_after: new Date(dailyCap.sinceMs - 1).toISOString() })),
          )
          .executeTakeFirstOrThrow();
        if (Number(n) >= dailyCap.limit) return 'daily_cap_reached' as const;
      }
      const insert = tx
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
        .returning(callColumns);
      const [r] = await arrayRows(tx, arrayQuery(insert.compile()));
      return toCall(r!);
    });
  }

  async get(orgId: string, id: string): Promise<CallRecord | undefined> {
    const [r] = await arrayRows(this.db, this.byId, [orgId, id]);
    return r && toCall(r);
  }

  async list(orgId: string, filters: CallFilters, page: { limit: number; offset: number }) {
    const base = this.db.selectFrom('calls').where(filtered(whereValues(orgId, filters)));
    const [rows, count] = await Promise.all([
      arrayRows(
        this.db,
        arrayQuery(
          base.select(callColumns).orderBy('id', 'desc').limit(page.limit).offset(page.offset).compile(),
        ),
      ),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toCall), total: Number(count.n) };
  }

  async listBefore(
    orgId: string,
    filters: CallFilters,
    page: { limit: number; beforeId: string | undefined },
  ) {
    const values: PageValues = { ...whereValues(orgId, filters), limit: page.limit };
    if (page.beforeId) values.cursor = page.beforeId;
    const shape = this.pageShape(Object.keys(values) as (keyof PageValues)[]);
    const rows = await arrayRows(
      this.db,
      shape.query,
      shape.slots.map((k) => values[k]),
    );
    return rows.map(toCall);
  }

  /** Compile a cursor page once per set of filters, with each value's name standing in for it. */
  private pageShape(keys: (keyof PageValues)[]): PageShape {
    const key = keys.join();
    const known = this.pageShapes.get(key);
    if (known) return known;
    const slot = Object.fromEntries(keys.map((k) => [k, `\0${k}`])) as unknown as PageValues;
    let q = this.db.selectFrom('calls').select(callColumns).where(filtered(slot));
    if (slot.cursor !== undefined) q = q.where('id', '<', slot.cursor);
    const compiled = q.orderBy('id', 'desc').limit(slot.limit).compile();
    const slots = compiled.parameters.map((p) => {
      if (typeof p !== 'string' || !p.startsWith('\0'))
        throw new Error(`unnamed parameter in a call page: ${p}`);
      return p.slice(1) as keyof PageValues;
    });
    const shape = { query: arrayQuery(compiled), slots };
    this.pageShapes.set(key, shape);
    return shape;
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
    const update = this.db
      .updateTable('calls')
      .set({ outcome, analysis: sql`analysis || ${manual}::jsonb`, updated_at: new Date() })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .returning(callColumns);
    const [r] = await arrayRows(this.db, arrayQuery(update.compile()));
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
    const update = this.db
      .updateTable('calls')
      .set({ ...set, status: to, updated_at: new Date() })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .where('status', 'in', allowed)
      .returning(callColumns);
    const [r] = await arrayRows(this.db, arrayQuery(update.compile()));
    return r && toCall(r);
  }
}
