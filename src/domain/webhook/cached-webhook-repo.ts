import type { Clock } from '../../lib/clock.ts';
import type { Webhook, WebhookPatch, WebhookRepo } from './webhook.ts';

/** How long a workspace's `transcript.partial` subscribers are reused, ms. */
export const partialSubscribersTtlMs = 2000;
/** Entries kept at most; expired ones are dropped first, then the oldest. */
const maxEntries = 10_000;

/**
 * The webhook repo with the one lookup that runs per transcript line (who receives
 * `transcript.partial`) kept for a short while per workspace: every line of every live call asked
 * the store otherwise. Writes through this repo drop the workspace's entry at once; a change made
 * on another node is seen within `ttlMs`. Every other event reads the store each time.
 */
export class CachedWebhookRepo implements WebhookRepo {
  private readonly partials = new Map<string, { at: number; webhooks: Promise<Webhook[]> }>();

  constructor(
    private readonly inner: WebhookRepo,
    private readonly clock: Clock,
    private readonly ttlMs = partialSubscribersTtlMs,
  ) {}

  subscribedTo(orgId: string, event: string): Promise<Webhook[]> {
    if (event !== 'transcript.partial') return this.inner.subscribedTo(orgId, event);
    const now = this.clock.monotonic();
    const hit = this.partials.get(orgId);
    if (hit && now - hit.at < this.ttlMs) return hit.webhooks;
    const webhooks = this.inner.subscribedTo(orgId, event);
    this.partials.delete(orgId);
    this.partials.set(orgId, { at: now, webhooks });
    // A failed read is not kept: the next line asks again.
    webhooks.catch(() => {
      if (this.partials.get(orgId)?.webhooks === webhooks) this.partials.delete(orgId);
    });
    if (this.partials.size > maxEntries) this.prune(now);
    return webhooks;
  }

  async insert(orgId: string, w: Omit<Webhook, 'created_at' | 'updated_at'>): Promise<Webhook> {
    try {
      return await this.inner.insert(orgId, w);
    } finally {
      this.partials.delete(orgId);
    }
  }

  async update(orgId: string, id: string, patch: WebhookPatch): Promise<Webhook | undefined> {
    try {
      return await this.inner.update(orgId, id, patch);
    } finally {
      this.partials.delete(orgId);
    }
  }

  async delete(orgId: string, id: string): Promise<boolean> {
    try {
      return await this.inner.delete(orgId, id);
    } finally {
      this.partials.delete(orgId);
    }
  }

  get(orgId: string, id: string): Promise<Webhook | undefined> {
    return this.inner.get(orgId, id);
  }

  list(orgId: string, page: { limit: number; offset: number }) {
    return this.inner.list(orgId, page);
  }

  agentsUsing(orgId: string, id: string): Promise<string[]> {
    return this.inner.agentsUsing(orgId, id);
  }

  private prune(now: number): void {
    for (const [org, e] of this.partials) if (now - e.at >= this.ttlMs) this.partials.delete(org);
    // Still too many live workspaces: drop the oldest (Map order is insertion order).
    for (const org of this.partials.keys()) {
      if (this.partials.size <= maxEntries) break;
      this.partials.delete(org);
    }
  }
}
