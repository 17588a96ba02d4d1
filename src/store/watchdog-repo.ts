import type { CallRef, WatchdogRepo } from '../domain/call/watchdog-repo.ts';
import type { Db } from './db.ts';

/** The watchdog's reads and slot clean-ups (see cluster/watchdog.ts). */
export class PgWatchdogRepo implements WatchdogRepo {
  constructor(private readonly db: Db) {}

  /** Live calls whose slot lease ran out: the process running them died. */
  async expiredLiveCalls(now: Date, limit: number): Promise<CallRef[]> {
    const rows = await this.liveCalls()
      .innerJoin('call_slots as s', 's.call_id', 'c.id')
      .where('s.expires_at', '<', now)
      .orderBy('c.id')
      .limit(limit)
      .execute();
    return rows as CallRef[];
  }

  /**
   * Live calls without any slot that have not changed since `updatedBefore` (a safety net for
   * calls started outside CallService; every launch takes a slot).
   */
  async slotlessLiveCalls(updatedBefore: Date, limit: number): Promise<CallRef[]> {
    const rows = await this.liveCalls()
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('call_slots as s').select('s.call_id').whereRef('s.call_id', '=', 'c.id'))),
      )
      .where('c.updated_at', '<', updatedBefore)
      .orderBy('c.id')
      .limit(limit)
      .execute();
    return rows as CallRef[];
  }

  /** Ended calls whose post-call work has not been done although they ended before `endedBefore`. */
  async unfinalized(endedBefore: Date, limit: number): Promise<CallRef[]> {
    const rows = await this.db
      .selectFrom('calls')
      .select(['org_id', 'id', 'status'])
      .where('finalized_at', 'is', null)
      .where('status', 'in', ['completed', 'failed'])
      .where('ended_at', '<', endedBefore)
      .orderBy('ended_at')
      .limit(limit)
      .execute();
    return rows as CallRef[];
  }

  /**
   * Drop slots nobody needs: of calls that ended, and expired ones of calls still queued (their
   * process died between taking the slot and dialling; the call waits for a slot again).
   * Returns the workspaces that got slots back.
   */
  async releaseStaleSlots(now: Date): Promise<string[]> {
    const r = await this.db
      .deleteFrom('call_slots as s')
      .using('calls as c')
      .whereRef('c.id', '=', 's.call_id')
      .where((eb) =>
        eb.or([
          eb('c.status', 'in', ['completed', 'failed']),
          eb.and([eb('c.status', '=', 'queued'), eb('s.expires_at', '<', now)]),
        ]),
      )
      .returning('s.org_id')
      .execute();
    return [...new Set(r.map((x) => x.org_id))];
  }

  /** Workspaces with queued calls that are due and hold no slot (they may be able to start). */
  async workspacesWithWaitingCalls(now: Date, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('calls as c')
      .select('c.org_id')
      .distinct()
      .where('c.status', '=', 'queued')
      .where((eb) => eb.or([eb('c.scheduled_at', 'is', null), eb('c.scheduled_at', '<=', now)]))
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('call_slots as s').select('s.call_id').whereRef('s.call_id', '=', 'c.id'))),
      )
      .limit(limit)
      .execute();
    return rows.map((r) => r.org_id);
  }

  private liveCalls() {
    return this.db
      .selectFrom('calls as c')
      .select(['c.org_id', 'c.id', 'c.status'])
      .where('c.status', 'in', ['initiated', 'in_progress']);
  }
}
