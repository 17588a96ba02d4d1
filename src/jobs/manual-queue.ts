import { type JobData, type JobName, jobCatalog } from './catalog.ts';
import type { JobHandler, JobQueue, SendOptions } from './queue.ts';

interface Pending {
  id: string;
  name: JobName;
  data: unknown;
  startAfter: number;
  attempt: number;
  singletonKey: string | undefined;
}

/** In-memory JobQueue for tests: jobs run only when `drain()` is called, so tests control time. */
export class ManualJobQueue implements JobQueue {
  readonly sent: { name: JobName; data: unknown; opts: SendOptions }[] = [];
  private pending: Pending[] = [];
  private handlers = new Map<JobName, JobHandler<JobName>>();
  private seq = 0;

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  async send<K extends JobName>(name: K, data: JobData<K>, opts: SendOptions = {}): Promise<string | null> {
    const parsed = jobCatalog[name].schema.parse(data);
    if (
      opts.singletonKey &&
      this.pending.some((p) => p.name === name && p.singletonKey === opts.singletonKey)
    )
      return null;
    const id = `job_${++this.seq}`;
    this.sent.push({ name, data: parsed, opts });
    this.pending.push({
      id,
      name,
      data: parsed,
      startAfter: opts.startAfter?.getTime() ?? 0,
      attempt: 1,
      singletonKey: opts.singletonKey,
    });
    return id;
  }

  async cancel(_name: JobName, id: string): Promise<void> {
    this.pending = this.pending.filter((p) => p.id !== id);
  }

  async work<K extends JobName>(name: K, handler: JobHandler<K>): Promise<void> {
    this.handlers.set(name, handler as unknown as JobHandler<JobName>);
  }

  /** Jobs waiting to run (optionally of one name). */
  queued(name?: JobName): { id: string; name: JobName; data: unknown }[] {
    return this.pending.filter((p) => !name || p.name === name);
  }

  /**
   * Run every job due at `nowMs` (and jobs those jobs enqueue) until none is left; failed jobs are
   * retried up to the catalogue's limit. Returns how many handler calls ran.
   */
  async drain(nowMs = Number.POSITIVE_INFINITY): Promise<number> {
    let runs = 0;
    for (;;) {
      const due = this.pending.find((p) => p.startAfter <= nowMs && this.handlers.has(p.name));
      if (!due) return runs;
      this.pending = this.pending.filter((p) => p !== due);
      runs++;
      try {
        await this.handlers.get(due.name)!(due.data as never, { id: due.id, attempt: due.attempt });
      } catch (e) {
        if (due.attempt <= jobCatalog[due.name].retry.limit)
          this.pending.push({ ...due, attempt: due.attempt + 1 });
        else if (!(e instanceof Error)) throw e;
      }
    }
  }
}
