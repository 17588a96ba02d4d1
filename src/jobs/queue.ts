import PgBoss from 'pg-boss';
import type { Store } from '../store/db.ts';
import { type JobData, type JobName, jobCatalog } from './catalog.ts';

export interface SendOptions {
  /** Run no earlier than this time. */
  startAfter?: Date;
  /** At most one queued job per key (dedupe across nodes). */
  singletonKey?: string;
  /** Override the catalogue's retry count. */
  retryLimit?: number;
}

export type JobHandler<K extends JobName> = (
  data: JobData<K>,
  meta: { id: string; attempt: number },
) => Promise<void>;
export type JobHandlers = { [K in JobName]: JobHandler<K> };

/** The durable job queue (pg-boss on PostgreSQL or PGlite); handlers must be idempotent. */
export interface JobQueue {
  start(): Promise<void>;
  stop(): Promise<void>;
  send<K extends JobName>(name: K, data: JobData<K>, opts?: SendOptions): Promise<string | null>;
  cancel(name: JobName, id: string): Promise<void>;
  work<K extends JobName>(name: K, handler: JobHandler<K>, opts?: { concurrency?: number }): Promise<void>;
}

export interface PgBossQueueOptions {
  store: Store;
  /** pg-boss schema; isolated per test schema on PostgreSQL. */
  schema?: string;
  /** How often an idle worker looks for jobs that other nodes sent or whose start time came (default 2 s). */
  pollingIntervalSeconds?: number;
  onError?: (e: unknown) => void;
  /** How long stop() lets running jobs finish before pg-boss fails them (default 10 s). */
  stopTimeoutMs?: number;
}

/** Idle workers poll this rarely: jobs sent on this node wake them at once, and a worker with work fetches again at once. */
const defaultPollingSeconds = 2;

export class PgBossQueue implements JobQueue {
  private readonly boss: PgBoss;
  private started = false;
  /** This node's worker ids per queue, to wake them when a job is sent here. */
  private readonly workerIds = new Map<JobName, string[]>();
  /** pg-boss's statements on the embedded store still running, and whether the queue has stopped. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;
  constructor(private readonly opts: PgBossQueueOptions) {
    const { store } = opts;
    const schema = opts.schema ?? (store.schema === 'public' ? 'pgboss' : `${store.schema}_boss`);
    const common = { schema, supervise: true, schedule: false, monitorStateIntervalSeconds: 60 } as const;
    this.boss =
      store.kind === 'pglite'
        ? new PgBoss({
            ...common,
            db: { executeSql: (text, values) => this.executeSql(text, values) },
          })
        : new PgBoss({ ...common, connectionString: store.url!, max: 4 });
    this.boss.on('error', (e) => opts.onError?.(e));
  }

  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    for (const name of Object.keys(jobCatalog) as JobName[]) {
      const def = jobCatalog[name];
      const options = {
        name,
        policy: 'policy' in def ? def.policy : ('standard' as const),
        retryLimit: def.retry.limit,
        retryDelay: def.retry.delaySeconds,
        retryBackoff: def.retry.backoff,
        expireInSeconds: Math.ceil(def.timeoutMs / 1000),
      };
      await this.boss.createQueue(name, options);
      // createQueue keeps an existing queue as it was; apply catalogue changes to it.
      await this.boss.updateQueue(name, options);
    }
    this.started = true;
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: this.opts.stopTimeoutMs ?? 10_000 });
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * pg-boss's SQL on the embedded store. pg-boss records a job's end without awaiting it, so a job
   * that outlives stop() would query a closed store and crash the process with an unhandled
   * rejection: once stopped, that record is dropped, as pg-boss's own connection does once closed
   * (the job, failed at stop, is retried). Statements already running finish before stop() returns.
   */
  private executeSql(text: string, values?: unknown[]) {
    // No result at all, exactly what pg-boss's own connection answers once closed (and it handles).
    if (this.closed) return Promise.resolve(undefined as unknown as { rows: unknown[] });
    const q = this.opts.store.query(text, values?.length ? values : undefined);
    this.inFlight.add(q);
    const done = () => this.inFlight.delete(q);
    q.then(done, done);
    return q;
  }

  async send<K extends JobName>(name: K, data: JobData<K>, opts: SendOptions = {}): Promise<string | null> {
    const payload = jobCatalog[name].schema.parse(data);
    const id = await this.boss.send(name, payload as object, {
      ...(opts.startAfter ? { startAfter: opts.startAfter } : {}),
      ...(opts.singletonKey ? { singletonKey: opts.singletonKey } : {}),
      ...(opts.retryLimit !== undefined ? { retryLimit: opts.retryLimit } : {}),
    });
    if (id !== null && (!opts.startAfter || opts.startAfter.getTime() <= Date.now())) this.wake(name);
    return id;
  }

  /** Wake this node's idle workers of a queue (a no-op for a worker that is busy). */
  private wake(name: JobName): void {
    for (const id of this.workerIds.get(name) ?? []) this.boss.notifyWorker(id);
  }

  async cancel(name: JobName, id: string): Promise<void> {
    await this.boss.cancel(name, id);
  }

  async work<K extends JobName>(
    name: K,
    handler: JobHandler<K>,
    opts: { concurrency?: number } = {},
  ): Promise<void> {
    const pollingIntervalSeconds = this.opts.pollingIntervalSeconds ?? defaultPollingSeconds;
    const workers = Math.max(1, opts.concurrency ?? 1);
    const ids = this.workerIds.get(name) ?? [];
    this.workerIds.set(name, ids);
    for (let i = 0; i < workers; i++) {
      const worker: Promise<string> = this.boss.work<JobData<K>>(
        name,
        { pollingIntervalSeconds, batchSize: 1, includeMetadata: true },
        async (jobs) => {
          try {
            for (const job of jobs) {
              const data = jobCatalog[name].schema.parse(job.data) as JobData<K>;
              await handler(data, { id: job.id, attempt: job.retryCount + 1 });
            }
          } finally {
            // A worker that found a job looks for the next at once instead of after the interval
            // (its id may not be known yet: the first job can arrive before work() resolves).
            void worker.then((id) => this.boss.notifyWorker(id));
          }
        },
      );
      ids.push(await worker);
    }
  }
}
