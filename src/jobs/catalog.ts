import { z } from 'zod';

/** Every background job: its payload schema, how long one attempt may run, and its retry policy. */
export const jobCatalog = {
  /** Parse, chunk and index one knowledge-base source. */
  'kb.ingest-source': {
    schema: z.object({ orgId: z.string(), jobId: z.string(), sourceId: z.string() }),
    timeoutMs: 10 * 60_000,
    retry: { limit: 2, delaySeconds: 5, backoff: true },
  },
  /** Place a queued outbound call (scheduled or waiting for a concurrency slot). */
  'call.dispatch': {
    schema: z.object({ orgId: z.string(), callId: z.string() }),
    timeoutMs: 60_000,
    retry: { limit: 3, delaySeconds: 2, backoff: true },
    // At most one waiting job per singletonKey; a running one (even on a dead node) never blocks the next.
    policy: 'short',
  },
  /** Post-call work for an ended call: analysis, cost, terminal webhooks (idempotent). */
  'call.finalize': {
    schema: z.object({ orgId: z.string(), callId: z.string() }),
    timeoutMs: 60_000,
    retry: { limit: 5, delaySeconds: 2, backoff: true },
    policy: 'short',
  },
  /** One attempt of a webhook delivery; the outbox records it and schedules the next itself. */
  'webhook.deliver': {
    schema: z.object({ orgId: z.string(), deliveryId: z.string() }),
    timeoutMs: 30_000,
    retry: { limit: 0, delaySeconds: 0, backoff: false },
    policy: 'short',
  },
} as const;

export type JobName = keyof typeof jobCatalog;
export type JobData<K extends JobName> = z.infer<(typeof jobCatalog)[K]['schema']>;
