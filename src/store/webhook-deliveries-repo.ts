import { sql } from 'kysely';
import type {
  AttemptRecord,
  DeliveryStatus,
  NewDelivery,
  PendingDelivery,
  WebhookDeliveryRepo,
} from '../domain/webhook/webhook.ts';
import { deliveryView } from '../domain/webhook/webhook.ts';
import { iso } from './convert.ts';
import { type Db, json } from './db.ts';
import { offsetPage } from './pagination.ts';
import type { Row } from './schema.ts';

export const toDelivery = (r: Row<'webhook_deliveries'>): PendingDelivery => ({
  id: r.id,
  org_id: r.org_id,
  webhook_id: r.webhook_id,
  target_url: r.target_url,
  event: r.event,
  message_id: r.message_id,
  call_id: r.call_id,
  payload: r.payload,
  status: r.status as DeliveryStatus,
  attempt: r.attempt,
  response_status: r.response_status,
  response_body: r.response_body,
  error: r.error,
  next_retry_at: iso(r.next_retry_at),
  completed_at: iso(r.completed_at),
  created_at: iso(r.created_at),
});

export class PgWebhookDeliveryRepo implements WebhookDeliveryRepo {
  constructor(private readonly db: Db) {}

  async insert(orgId: string, d: NewDelivery): Promise<PendingDelivery> {
    const r = await this.db
      .insertInto('webhook_deliveries')
      .values({
        id: d.id,
        org_id: orgId,
        webhook_id: d.webhookId,
        target_url: d.targetUrl,
        event: d.event,
        message_id: d.messageId,
        call_id: d.callId,
        payload: json(d.payload),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toDelivery(r);
  }

  async get(orgId: string, id: string): Promise<PendingDelivery | undefined> {
    const r = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toDelivery(r);
  }

  async list(orgId: string, webhookId: string, page: { limit: number; offset: number }) {
    const base = this.db
      .selectFrom('webhook_deliveries')
      .where('org_id', '=', orgId)
      .where('webhook_id', '=', webhookId);
    const { rows, total } = await offsetPage(base, (q) => q.selectAll(), page);
    return { items: rows.map((r) => deliveryView(toDelivery(r))), total };
  }

  async recordAttempt(orgId: string, id: string, a: AttemptRecord): Promise<PendingDelivery | undefined> {
    const r = await this.db
      .updateTable('webhook_deliveries')
      .set(attemptColumns(a))
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return r && toDelivery(r);
  }
}

/** The columns one finished attempt writes; the attempt is over, so the outbox's claim is released. */
export function attemptColumns(a: AttemptRecord) {
  return {
    attempt: sql<number>`attempt + 1`,
    status: a.status,
    response_status: a.responseStatus,
    response_body: a.responseBody,
    error: a.error,
    next_retry_at: a.nextRetryAt,
    completed_at: a.completedAt,
    locked_by: null,
    locked_until: null,
    updated_at: new Date(),
  };
}
