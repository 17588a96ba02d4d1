// The daily cap's counter rows (`call_day_counts`), and the id ↔ time mapping they and the list filters share.
import { type QueryCreator, sql, type Transaction } from 'kysely';
import { decodeTime, encodeTime } from 'ulid';
import type { DailyCap } from '../domain/call/call.ts';
import type { Db } from './db.ts';
import type { Database } from './schema.ts';

export const dayMs = 86_400_000;

/** The first `call_…` id minted at `ms`. */
export const idFloor = (ms: number) =>
  `call_${encodeTime(Math.max(0, ms), 10).toLowerCase()}${'0'.repeat(16)}`;
/** A call's creation time is its id's timestamp (ULID ms), so creation-time filters are id ranges on the (org_id, id) index. */
export const createdAtOf = (id: string) => new Date(decodeTime(id.slice('call_'.length).toUpperCase()));

/**
 * Seed the day's count of a workspace whose first call of that UTC day was just inserted (by this
 * transaction, so the count includes it) and return it; a concurrent first call waits on the row
 * and adds 1. Older days' rows are dropped on the way.
 */
export async function seedDayCount(tx: Transaction<Database>, orgId: string, day: number): Promise<number> {
  const { n } = await tx
    .selectFrom('calls')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', orgId)
    .where('id', '>=', idFloor(day * dayMs))
    .where('id', '<', idFloor((day + 1) * dayMs))
    .where(sql<boolean>`end_reason IS DISTINCT FROM 'cancelled'`)
    .executeTakeFirstOrThrow();
  const seeded = await tx
    .insertInto('call_day_counts')
    .values({ org_id: orgId, day, calls: Number(n) })
    .onConflict((oc) =>
      oc.columns(['org_id', 'day']).doUpdateSet((eb) => ({ calls: eb('call_day_counts.calls', '+', 1) })),
    )
    .returning('calls')
    .executeTakeFirstOrThrow();
  await tx
    .deleteFrom('call_day_counts')
    .where('org_id', '=', orgId)
    .where('day', '<', day - 1)
    .execute();
  return seeded.calls;
}

/** Take a cancelled call back out of its day's count. */
export async function uncountFromDay(
  tx: Transaction<Database>,
  orgId: string,
  callId: string,
): Promise<void> {
  await tx
    .updateTable('call_day_counts')
    .set((eb) => ({ calls: eb('calls', '-', 1) }))
    .where('org_id', '=', orgId)
    .where('day', '=', Math.floor(createdAtOf(callId).getTime() / dayMs))
    .where('calls', '>', 0)
    .execute();
}

/** Add one call to a workspace's count for `day` (only while under `cap`), returning the new count. */
export function bumpDay(db: QueryCreator<Database>, orgId: string, day: number, cap?: DailyCap) {
  return db
    .updateTable('call_day_counts')
    .set((eb) => ({ calls: eb('calls', '+', 1) }))
    .where('org_id', '=', orgId)
    .where('day', '=', day)
    .$if(cap !== undefined, (q) =>
      q.where('calls', '<', (eb) =>
        cap === 'workspace'
          ? eb.selectFrom('workspaces').select('max_calls_per_day').where('id', '=', orgId)
          : eb.val((cap as { limit: number }).limit),
      ),
    )
    .returning('calls');
}

/** The cap's number of calls (a workspace's own, read in `tx`; none when the workspace is gone). */
export async function capLimit(tx: Db, orgId: string, cap: DailyCap): Promise<number> {
  if (cap !== 'workspace') return cap.limit;
  const r = await tx
    .selectFrom('workspaces')
    .select('max_calls_per_day')
    .where('id', '=', orgId)
    .executeTakeFirst();
  return r?.max_calls_per_day ?? 0;
}
