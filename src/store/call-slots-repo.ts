import { type RawBuilder, sql } from 'kysely';
import type { CallRecord } from '../domain/call/call.ts';
import type { CallSlots, SlotHolder, SlotLeases } from '../domain/call/call-slots.ts';
import type { Clock } from '../lib/clock.ts';
import { type Db, json, type Tx } from './db.ts';

/** This process, as it appears on the leases it holds. */
export interface LeaseOwner {
  nodeId: string;
  /** Node id + boot id: a restarted process is a new holder. */
  holder: string;
}

/** Slot leases in `call_slots` (migration 0070); see CallSlots. */
export class PgCallSlots implements CallSlots, SlotLeases {
  constructor(
    private readonly db: Db,
    private readonly owner: LeaseOwner,
    private readonly clock: Clock,
    private readonly leaseMs: number,
  ) {}

  async acquire(call: CallRecord, opts: { force?: boolean } = {}): Promise<CallRecord | undefined> {
    if (opts.force) return this.forceAcquire(call);
    const now = new Date(this.clock.now());
    return this.db.transaction().execute(async (tx) => {
      // One writer per workspace at a time, so two nodes cannot both take the last slot.
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`slots:${call.org_id}`}))`.execute(tx);
      const inFlight = await this.inFlight(tx, call.org_id, now);
      const free = (await this.limit(tx, call.org_id)) - inFlight;
      if (free <= 0) return undefined;
      // The call's own dispatch job fired, so it is due even if this node's clock lags its scheduled time.
      const dueBy = new Date(Math.max(now.getTime(), call.scheduled_at ? Date.parse(call.scheduled_at) : 0));
      const first = await this.waiting(tx, call.org_id, dueBy, free);
      if (!first.includes(call.id)) return undefined;
      const marker = json({ concurrency_at_dispatch: inFlight + 1 });
      // One statement: the slot (none if the call already holds one) and, only with it, the marker.
      const r = await this.slotThen(tx, call, now)
        .updateTable('calls')
        .set({ metadata: sql`metadata || ${marker}::jsonb` })
        .where('org_id', '=', call.org_id)
        .where('id', 'in', (eb) => eb.selectFrom('slot').select('call_id'))
        .returning('metadata')
        .executeTakeFirst();
      return r ? { ...call, metadata: r.metadata } : undefined;
    });
  }

  /**
   * A slot over the limit (an inbound call: someone is on the line) in one statement, with no lock
   * and no transaction: no cap to keep exact, so a burst of calls to one workspace neither queues
   * on its lock nor (on the embedded store's single session) holds up every other query. The marker
   * counts the live slots as of the statement's start, plus this one.
   */
  private async forceAcquire(call: CallRecord): Promise<CallRecord | undefined> {
    const now = new Date(this.clock.now());
    const r = await this.slotThen(this.db, call, now)
      .with('live', (db) =>
        db
          .selectFrom('call_slots')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('org_id', '=', call.org_id)
          .where('expires_at', '>', now),
      )
      .updateTable('calls')
      .set({
        metadata: sql`metadata || jsonb_build_object('concurrency_at_dispatch', (SELECT n FROM live) + 1)`,
      })
      .where('org_id', '=', call.org_id)
      .where('id', 'in', (eb) => eb.selectFrom('slot').select('call_id'))
      .returning('metadata')
      .executeTakeFirst();
    return r ? { ...call, metadata: r.metadata } : undefined;
  }

  /** `WITH slot AS (INSERT … ON CONFLICT DO NOTHING RETURNING call_id)`: the call's slot, unless it holds one. */
  private slotThen(db: Db | Tx, call: CallRecord, now: Date) {
    return db.with('slot', (q) =>
      q
        .insertInto('call_slots')
        .values({
          call_id: call.id,
          org_id: call.org_id,
          node_id: this.owner.nodeId,
          holder: this.owner.holder,
          acquired_at: now,
          expires_at: new Date(now.getTime() + this.leaseMs),
        })
        .onConflict((oc) => oc.column('call_id').doNothing())
        .returning('call_id'),
    );
  }

  async release(orgId: string, callId: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('call_slots')
      .where('org_id', '=', orgId)
      .where('call_id', '=', callId)
      .executeTakeFirst();
    return r.numDeletedRows > 0n;
  }

  async startable(orgId: string): Promise<string[]> {
    const now = new Date(this.clock.now());
    // One statement (every call's end asks): the free slots are the limit less the live leases.
    const free = sql<number>`GREATEST(0, COALESCE((SELECT max_concurrent_calls FROM workspaces WHERE id = ${orgId}), 0)
      - (SELECT count(*) FROM call_slots WHERE org_id = ${orgId} AND expires_at > ${now}))`;
    return this.waiting(this.db, orgId, now, free);
  }

  async holderOf(callId: string): Promise<SlotHolder | undefined> {
    const r = await this.db
      .selectFrom('call_slots')
      .select(['org_id', 'node_id', 'holder', 'expires_at'])
      .where('call_id', '=', callId)
      .executeTakeFirst();
    return (
      r && {
        orgId: r.org_id,
        nodeId: r.node_id,
        holder: r.holder,
        expired: r.expires_at.getTime() <= this.clock.now(),
      }
    );
  }

  /** Extend every lease this process holds (the heartbeat); returns how many. */
  async renew(): Promise<number> {
    const r = await this.db
      .updateTable('call_slots')
      .set({ expires_at: new Date(this.clock.now() + this.leaseMs) })
      .where('holder', '=', this.owner.holder)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /**
   * Expire at once the leases of earlier runs of this node (same node id, another boot): on start
   * they are known dead, so their calls need not wait for the lease to run out.
   */
  async expireEarlierRuns(allOtherHolders: boolean): Promise<number> {
    let q = this.db
      .updateTable('call_slots')
      .set({ expires_at: new Date(this.clock.now() - 1) })
      .where('holder', '<>', this.owner.holder);
    if (!allOtherHolders) q = q.where('node_id', '=', this.owner.nodeId);
    return Number((await q.executeTakeFirst()).numUpdatedRows);
  }

  private async inFlight(db: Db | Tx, orgId: string, now: Date): Promise<number> {
    const r = await db
      .selectFrom('call_slots')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId)
      .where('expires_at', '>', now)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  private async limit(db: Db | Tx, orgId: string): Promise<number> {
    const r = await db
      .selectFrom('workspaces')
      .select('max_concurrent_calls')
      .where('id', '=', orgId)
      .executeTakeFirst();
    return r?.max_concurrent_calls ?? 0;
  }

  /** The `n` queued calls that have waited longest and are due (scheduled ones from their time). */
  private async waiting(
    db: Db | Tx,
    orgId: string,
    now: Date,
    n: number | RawBuilder<number>,
  ): Promise<string[]> {
    const rows = await db
      .selectFrom('calls')
      .select('id')
      .where('org_id', '=', orgId)
      .where('status', '=', 'queued')
      .where((eb) => eb.or([eb('scheduled_at', 'is', null), eb('scheduled_at', '<=', now)]))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(selectFrom('call_slots').select('call_id').whereRef('call_slots.call_id', '=', 'calls.id')),
        ),
      )
      .orderBy(sql`COALESCE(scheduled_at, created_at)`)
      .orderBy('id')
      .limit(n)
      .execute();
    return rows.map((r) => r.id);
  }
}
