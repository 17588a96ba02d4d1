import { sql } from 'kysely';
import type {
  Webhook,
  WebhookEvent,
  WebhookPatch,
  WebhookRepo,
  WebhookStatus,
} from '../domain/webhook/webhook.ts';
import type { SecretBox } from '../lib/secret-box.ts';
import { iso } from './convert.ts';
import { type Db, json } from './db.ts';
import { deleteOwned, referrerIds } from './owned-rows.ts';
import { offsetPage } from './pagination.ts';
import type { Row } from './schema.ts';

/** Webhooks; the signing secret is stored sealed with the platform SecretBox. */
export class PgWebhookRepo implements WebhookRepo {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
  ) {}

  private toWebhook(r: Row<'webhooks'>): Webhook {
    return {
      id: r.id,
      name: r.name,
      url: r.url,
      events: r.events as WebhookEvent[],
      secret: this.secrets.decrypt(r.encrypted_secret),
      status: r.status as WebhookStatus,
      created_at: iso(r.created_at),
      updated_at: iso(r.updated_at),
    };
  }

  async insert(orgId: string, w: Omit<Webhook, 'created_at' | 'updated_at'>): Promise<Webhook> {
    const r = await this.db
      .insertInto('webhooks')
      .values({
        id: w.id,
        org_id: orgId,
        name: w.name,
        url: w.url,
        events: json(w.events),
        encrypted_secret: this.secrets.encrypt(w.secret),
        status: w.status,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return this.toWebhook(r);
  }

  async get(orgId: string, id: string): Promise<Webhook | undefined> {
    const r = await this.db
      .selectFrom('webhooks')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && this.toWebhook(r);
  }

  async list(orgId: string, page: { limit: number; offset: number }) {
    const base = this.db.selectFrom('webhooks').where('org_id', '=', orgId);
    const { rows, total } = await offsetPage(base, (q) => q.selectAll(), page);
    return { items: rows.map((r) => this.toWebhook(r)), total };
  }

  async subscribedTo(orgId: string, event: string): Promise<Webhook[]> {
    const rows = await this.db
      .selectFrom('webhooks')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('status', '=', 'active')
      .where(sql<boolean>`events @> ${json([event])}::jsonb`)
      .orderBy('id')
      .execute();
    return rows.map((r) => this.toWebhook(r));
  }

  async update(orgId: string, id: string, patch: WebhookPatch): Promise<Webhook | undefined> {
    const { events, ...rest } = patch;
    const r = await this.db
      .updateTable('webhooks')
      .set({ ...rest, ...(events ? { events: json(events) } : {}), updated_at: new Date() })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return r && this.toWebhook(r);
  }

  delete(orgId: string, id: string): Promise<boolean> {
    return deleteOwned(this.db, 'webhooks', orgId, id);
  }

  agentsUsing(orgId: string, id: string): Promise<string[]> {
    return referrerIds(this.db, 'agents', orgId, sql.ref('webhook_id'), id);
  }
}
