import DataLoader from 'dataloader';
import type { CompiledQuery } from 'kysely';
import type { CallRecord } from '../domain/call/call.ts';
import { callColumns, toCall } from './call-rows.ts';
import type { Db } from './db.ts';
import { arrayQuery, arrayRows } from './hot-reads.ts';
import { loadPerWorkspace, type WorkspaceKey } from './per-workspace-batch.ts';

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
  private readonly loader: DataLoader<WorkspaceKey, CallRecord | undefined, string>;

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

  private async read(keys: readonly WorkspaceKey[]): Promise<(CallRecord | undefined)[]> {
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
    return this.loader.load({ orgId, key: id });
  }

  private async load(keys: readonly WorkspaceKey[]): Promise<(CallRecord | undefined)[]> {
    if (keys.length === 1) {
      const [r] = await arrayRows(this.db, this.one, [keys[0]!.orgId, keys[0]!.key]);
      return [r && toCall(r)];
    }
    const calls = await loadPerWorkspace(keys, async (orgId, ids) =>
      (await arrayRows(this.db, this.many, [orgId, ids])).map((r) => {
        const call = toCall(r);
        return [call.id, call] as const;
      }),
    );
    const handedOut = new Set<CallRecord>();
    return calls.map((call) => {
      if (call === undefined) return undefined;
      // The same call asked for twice: each caller gets a record of its own to change.
      if (handedOut.has(call)) return structuredClone(call);
      handedOut.add(call);
      return call;
    });
  }
}
