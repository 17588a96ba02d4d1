import { sql } from 'kysely';
import type { CallDeliveryRepo } from '../domain/webhook/call-delivery-log.ts';
import type { EmittedDelivery, InterruptedDelivery, OutboxRepo } from '../domain/webhook/call-event.ts';
import type { AttemptRecord, PendingDelivery } from '../domain/webhook/webhook.ts';
import type { Db, Tx } from './db.ts';
import { type Emit, storeEvent } from './outbox-emit.ts';
import { attemptColumns, toDelivery } from './webhook-deliveries-repo.ts';

const open = ['pending', 'retrying'];

/** No earlier delivery of the same call to the same endpoint is still open (outer alias `d`). */
const firstInLine = sql<boolean>`NOT EXISTS (
  SELECT 1 FROM webhook_deliveries p
  WHERE p.call_id = d.call_id AND p.target_key = d.target_key AND p.event_seq < d.event_seq
    AND p.status IN ('pending', 'retrying'))`;

/** The outbox over `call_events` and `webhook_deliveries` (migration 0070). */
export class PgOutboxRepo implements OutboxRepo, CallDeliveryRepo {
  /**
   * @param serial the store runs one statement at a time (PGlite's single session): an event then
   *   needs no lock and no transaction, as its one statement already sees every earlier event.
   */
  constructor(
    private readonly db: Db,
    private readonly serial = false,
  ) {}

  emit(e: Emit) {
    if (this.serial) return this.stored(this.db, e);
    return this.db.transaction().execute(async (tx) => {
      // Events of one call are stored one at a time, so `seq` follows emission order.
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`events:${e.callId}`}))`.execute(tx);
      return this.stored(tx, e);
    });
  }

  private async stored(db: Db | Tx, e: Emit) {
    const deliveries = await storeEvent(db, e);
    if (deliveries) return { emitted: true, deliveries };
    // Not stored: a partial after the call's end, or a repeat (or the other terminal event; never both).
    if (e.event === 'transcript.partial') return { emitted: false, deliveries: [] };
    const prior = await db
      .selectFrom('call_events')
      .select('seq')
      .where('call_id', '=', e.callId)
      .where('event', '=', e.event)
      .executeTakeFirst();
    return { emitted: false, deliveries: prior ? await this.openOf(db, Number(prior.seq)) : [] };
  }

  async eventsOf(callId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('call_events')
      .select('event')
      .where('call_id', '=', callId)
      .orderBy('seq')
      .execute();
    return rows.map((r) => r.event);
  }

  async claim(orgId: string, id: string, holder: string, now: Date, lockMs: number) {
    const r = await this.db
      .updateTable('webhook_deliveries as d')
      .set({ locked_by: holder, locked_until: new Date(now.getTime() + lockMs), updated_at: now })
      .where('d.org_id', '=', orgId)
      .where('d.id', '=', id)
      .where('d.status', 'in', open)
      .where('d.event_seq', 'is not', null)
      // An expired claim is an attempt a dead process left unfinished: the watchdog's sweep records it first.
      .where('d.locked_by', 'is', null)
      .where((eb) => eb.or([eb('d.next_retry_at', 'is', null), eb('d.next_retry_at', '<=', now)]))
      .where(firstInLine)
      .returningAll()
      .executeTakeFirst();
    return r && toDelivery(r);
  }

  async nextInLine(d: PendingDelivery): Promise<EmittedDelivery | undefined> {
    const row = await this.db
      .selectFrom('webhook_deliveries as n')
      .select(['n.org_id', 'n.id'])
      .where('n.call_id', '=', d.call_id)
      .where(
        'n.target_key',
        '=',
        this.db.selectFrom('webhook_deliveries').select('target_key').where('id', '=', d.id),
      )
      .where(
        'n.event_seq',
        '>',
        this.db.selectFrom('webhook_deliveries').select('event_seq').where('id', '=', d.id),
      )
      .where('n.status', 'in', open)
      .orderBy('n.event_seq')
      .limit(1)
      .executeTakeFirst();
    return row && { orgId: row.org_id, id: row.id, ready: true };
  }

  async interrupted(now: Date, limit: number): Promise<InterruptedDelivery[]> {
    const rows = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('status', 'in', open)
      .where('locked_until', '<', now)
      .where('locked_by', 'is not', null)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...toDelivery(r), locked_by: r.locked_by!, locked_until: r.locked_until! }));
  }

  async recordInterrupted(d: InterruptedDelivery, a: AttemptRecord): Promise<boolean> {
    const r = await this.db
      .updateTable('webhook_deliveries')
      .set(attemptColumns(a))
      .where('org_id', '=', d.org_id)
      .where('id', '=', d.id)
      .where('locked_by', '=', d.locked_by)
      .where('locked_until', '=', d.locked_until)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * Expire at once the claims of earlier runs of this node (all other holders when the store is
   * embedded): those processes are gone, so their attempts are known interrupted.
   */
  async expireEarlierClaims(
    holder: string,
    nodeId: string,
    allOtherHolders: boolean,
    now: Date,
  ): Promise<number> {
    let q = this.db
      .updateTable('webhook_deliveries')
      .set({ locked_until: new Date(now.getTime() - 1) })
      .where('locked_by', 'is not', null)
      .where('locked_by', '<>', holder)
      .where('status', 'in', open);
    if (!allOtherHolders) q = q.where('locked_by', 'like', `${nodeId.replace(/[\\%_]/g, '\\$&')}/%`);
    return Number((await q.executeTakeFirst()).numUpdatedRows);
  }

  async stalled(now: Date, idleSince: Date, limit: number): Promise<EmittedDelivery[]> {
    const rows = await this.db
      .selectFrom('webhook_deliveries as d')
      .select(['d.org_id', 'd.id'])
      .where('d.status', 'in', open)
      .where('d.event_seq', 'is not', null)
      .where('d.locked_until', 'is', null)
      .where((eb) => eb.or([eb('d.next_retry_at', 'is', null), eb('d.next_retry_at', '<=', now)]))
      .where('d.updated_at', '<=', idleSince)
      .where(firstInLine)
      .orderBy('d.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ orgId: r.org_id, id: r.id, ready: true }));
  }

  async listForCall(orgId: string, callId: string): Promise<PendingDelivery[]> {
    const rows = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('call_id', '=', callId)
      .where('event_seq', 'is not', null)
      .orderBy('event_seq')
      .orderBy('id')
      .execute();
    return rows.map(toDelivery);
  }

  /** Open deliveries of one event, each with whether it is first in line for its endpoint. */
  private async openOf(tx: Db | Tx, seq: number): Promise<EmittedDelivery[]> {
    const rows = await tx
      .selectFrom('webhook_deliveries as d')
      .select(['d.org_id', 'd.id', firstInLine.as('ready')])
      .where('d.event_seq', '=', seq)
      .where('d.status', 'in', open)
      .orderBy('d.id')
      .execute();
    return rows.map((r) => ({ orgId: r.org_id, id: r.id, ready: Boolean(r.ready) }));
  }
}
