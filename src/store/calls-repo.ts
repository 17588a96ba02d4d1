import { type CompiledQuery, type ExpressionBuilder, sql } from 'kysely';
import type {
  CallFilters,
  CallRecord,
  CallRepo,
  DailyCap,
  EndFields,
  NewCall,
  TransitionStamp,
} from '../domain/call/call.ts';
import { type CallStatus, type EndReason, endStatus, predecessorsOf } from '../domain/call/call-status.ts';
import {
  bumpDay,
  capLimit,
  createdAtOf,
  dayMs,
  idFloor,
  seedDayCount,
  uncountFromDay,
} from './call-day-counts.ts';
import { callColumns, toCall } from './call-rows.ts';
import { CallsById } from './calls-by-id.ts';
import { type Db, json } from './db.ts';
import { arrayQuery, arrayRows } from './hot-reads.ts';
import type { Database } from './schema.ts';

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

/** Thrown inside the create transaction so the day's count rolls back with it. */
const capReached = new Error('daily cap reached');

/** Insert the call only if its day's counter exists and took it (under the cap): one statement. */
function countedInsert(db: Db, orgId: string, day: number, values: Record<string, unknown>, cap?: DailyCap) {
  const columns = Object.keys(values).filter((k) => values[k] !== undefined) as (keyof Database['calls'])[];
  return db
    .with('bumped', (d) => bumpDay(d, orgId, day, cap))
    .insertInto('calls')
    .columns(columns)
    .expression(
      db
        .selectNoFrom((eb) => columns.map((c) => eb.val(values[c]).as(c)))
        .where(sql<boolean>`EXISTS (SELECT 1 FROM bumped)`),
    )
    .returning(callColumns)
    .compile();
}

type PageValues = WhereValues & { cursor?: string; limit: number };

/** A cursor page's SQL for one combination of filters, with the value name behind each parameter. */
interface PageShape {
  query: CompiledQuery;
  slots: (keyof PageValues)[];
}

export class PgCallRepo implements CallRepo {
  /** GET /v1/calls/{id}: concurrent reads share a statement. */
  private readonly byId: CallsById;

  /** listBefore's SQL per combination of filters (at most 2^9), compiled once. */
  private readonly pageShapes = new Map<string, PageShape>();

  constructor(private readonly db: Db) {
    this.byId = new CallsById(db);
  }

  /**
   * Store a new call counted into its UTC day, within `dailyCap`. Usually the day's counter row exists
   * and has room: then the bump and the insert are one autocommit statement, so the row's lock (which
   * serialises a workspace's creates and keeps the cap exact) is held for that statement alone and
   * nothing waits on a transaction's round trips. The day's first call (which seeds the counter) and a
   * call over the cap take a transaction.
   */
  async insert(orgId: string, call: NewCall, dailyCap?: DailyCap) {
    const day = Math.floor(createdAtOf(call.id).getTime() / dayMs);
    const values = {
      ...call,
      org_id: orgId,
      created_at: createdAtOf(call.id),
      updated_at: createdAtOf(call.id),
      variables: json(call.variables),
      metadata: json(call.metadata),
      overrides: json(call.overrides),
    };
    const [counted] = await arrayRows(
      this.db,
      arrayQuery(countedInsert(this.db, orgId, day, values, dailyCap)),
    );
    if (counted) return toCall(counted);
    try {
      return await this.db.transaction().execute(async (tx) => {
        const insert = tx
          .with('bumped', (db) => bumpDay(db, orgId, day))
          .insertInto('calls')
          .values(values)
          .returning([...callColumns, (eb) => eb.selectFrom('bumped').select('calls').as('day_calls')]);
        const [r] = await arrayRows(tx, arrayQuery(insert.compile()));
        const bumped = r![callColumns.length] as number | null;
        const made = bumped ?? (await seedDayCount(tx, orgId, day));
        if (dailyCap && made > (await capLimit(tx, orgId, dailyCap))) throw capReached;
        return toCall(r!);
      });
    } catch (e) {
      if (e === capReached) return 'daily_cap_reached' as const;
      throw e;
    }
  }

  get(orgId: string, id: string): Promise<CallRecord | undefined> {
    return this.byId.get(orgId, id);
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

  async transition(
    orgId: string,
    id: string,
    to: CallStatus,
    stamp?: TransitionStamp,
  ): Promise<CallRecord | undefined> {
    const set = stamp
      ? { [stamp.field]: sql`coalesce(${sql.ref(stamp.field)}, ${stamp.at}::timestamptz)` }
      : {};
    return this.move(orgId, id, to, predecessorsOf(to), set);
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
    const endFrom = async (db: Db) => {
      for (const from of onlyFrom ?? (['in_progress', 'initiated', 'queued'] as const)) {
        const to = endStatus(reason, from);
        if (!to) continue;
        const r = await this.move(orgId, id, to, [from], set, db);
        if (r) return r;
      }
      return undefined;
    };
    if (reason !== 'cancelled') return endFrom(this.db);
    // A cancelled call gives its place under the daily cap back (calls_made_today does not count it either).
    return this.db.transaction().execute(async (tx) => {
      const r = await endFrom(tx);
      if (r) await uncountFromDay(tx, orgId, id);
      return r;
    });
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
    db: Db = this.db,
  ): Promise<CallRecord | undefined> {
    const allowed = from.filter((f) => predecessorsOf(to).includes(f));
    if (allowed.length === 0) return undefined;
    const update = db
      .updateTable('calls')
      .set({ ...set, status: to, updated_at: new Date() })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .where('status', 'in', allowed)
      .returning(callColumns);
    const [r] = await arrayRows(db, arrayQuery(update.compile()));
    return r && toCall(r);
  }
}
