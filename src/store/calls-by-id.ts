import DataLoader from 'dataloader';
import type { CompiledQuery } from 'kysely';
import type { CallRecord } from '../domain/call/call.ts';
import { callColumns, toCall } from './call-rows.ts';
import type { Db } from './db.ts';
import { arrayQuery, arrayRows } from './hot-reads.ts';

interface CallKey {
  orgId: string;
  id: string;
}

/** Most ids one statement carries; a burst larger than this becomes several statements. */
const maxBatch = 64;
/** Statements out at once before new reads wait for one to come back (1 and unbounded both did worse on the API bench). */
const maxOut = 2;

/**
 * GET /v1/calls/{id}'s read. Reads that arrive in the same turn of the event loop (concurrent requests
 * read from different sockets in one poll phase) share one statement per workspace, so a busy server
 * sends the database one query for several requests; a lone read runs the one-row statement as before.
 * Nothing is cached: each read sees the row as stored when its statement runs.
 */
export class CallsById {
  /** One call: a named prepared statement (one plan: the primary key). */
  private readonly one: CompiledQuery;
  /** Several calls of one workspace: `id = ANY($2)`, also prepared once. */
  private readonly many: CompiledQuery;
  private readonly loader: DataLoader<CallKey, CallRecord | undefined, string>;

  constructor(private readonly db: Db) {
    const byId = db.selectFrom('calls').select(callColumns).where('org_id', '=', '');
    this.one = arrayQuery(byId.where('id', '=', '').compile(), 'parley_call_by_id');
    this.many = arrayQuery(
      byId.where((eb) => eb('id', '=', eb.fn.any(eb.val<string[]>([])))).compile(),
      'parley_calls_by_ids',
    );
    this.loader = new DataLoader((keys) => this.read(keys), {
      cache: false,
      maxBatchSize: maxBatch,
      batchScheduleFn: (dispatch) => {
        if (this.out >= maxOut) this.waiting.push(dispatch);
        // After the poll phase, so every request read in it has asked (DataLoader's default is one tick).
        else setImmediate(dispatch);
      },
    });
  }

  /** Statements out now; while `maxOut` are, new reads collect (as in a group commit) into bigger batches. */
  private out = 0;
  /** Batches collecting until a statement out is back. */
  private waiting: (() => void)[] = [];

  private async read(keys: readonly CallKey[]): Promise<(CallRecord | undefined)[]> {
    this.out++;
    try {
      return await this.load(keys);
    } finally {
      if (--this.out < maxOut && this.waiting.length > 0) {
        const batches = this.waiting;
        this.waiting = [];
        setImmediate(() => {
          for (const dispatch of batches) dispatch();
        });
      }
    }
  }

  get(orgId: string, id: string): Promise<CallRecord | undefined> {
    return this.loader.load({ orgId, id });
  }

  private async load(keys: readonly CallKey[]): Promise<(CallRecord | undefined)[]> {
    if (keys.length === 1) {
      const [r] = await arrayRows(this.db, this.one, [keys[0]!.orgId, keys[0]!.id]);
      return [r && toCall(r)];
    }
    const idsByOrg = new Map<string, string[]>();
    for (const k of keys) {
      const ids = idsByOrg.get(k.orgId);
      if (ids) ids.push(k.id);
      else idsByOrg.set(k.orgId, [k.id]);
    }
    const found = new Map<string, CallRecord>();
    await Promise.all(
      [...idsByOrg].map(async ([orgId, ids]) => {
        for (const r of await arrayRows(this.db, this.many, [orgId, ids])) {
          const call = toCall(r);
          found.set(`${orgId}\n${call.id}`, call);
        }
      }),
    );
    const handedOut = new Set<CallRecord>();
    return keys.map((k) => {
      const call = found.get(`${k.orgId}\n${k.id}`);
      if (call === undefined) return undefined;
      // The same call asked for twice: each caller gets a record of its own to change.
      if (handedOut.has(call)) return structuredClone(call);
      handedOut.add(call);
      return call;
    });
  }
}
