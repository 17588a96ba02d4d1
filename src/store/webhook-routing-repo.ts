import type { WebhookRouting } from '../domain/webhook/call-event-publisher.ts';
import type { Db } from './db.ts';

/** Agent ↔ webhook references, for routing call events (see CallEventPublisher.targets). */
export class PgWebhookRouting implements WebhookRouting {
  constructor(private readonly db: Db) {}

  async forAgent(orgId: string, agentId: string, webhookIds: string[]) {
    const agent = await this.db
      .selectFrom('agents')
      .select('webhook_id')
      .where('org_id', '=', orgId)
      .where('id', '=', agentId)
      .executeTakeFirst();
    const owned = webhookIds.length
      ? await this.db
          .selectFrom('agents')
          .select('webhook_id')
          .distinct()
          .where('org_id', '=', orgId)
          .where('webhook_id', 'in', webhookIds)
          .execute()
      : [];
    return {
      agentWebhookId: agent?.webhook_id ?? null,
      agentOwned: new Set(owned.map((r) => r.webhook_id!)),
    };
  }
}
