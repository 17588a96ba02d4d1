import type { Clock } from '../../lib/clock.ts';
import { assertNotPrivateLiteral, PrivateAddressError } from '../../lib/private-network.ts';
import { errors } from '../errors.ts';
import { isId, newId } from '../ids.ts';
import {
  deliveryView,
  generateWebhookSecret,
  testEvent,
  type Webhook,
  type WebhookDelivery,
  type WebhookDeliveryRepo,
  type WebhookEvent,
  type WebhookPatch,
  type WebhookRepo,
  type WebhookStatus,
} from './webhook.ts';
import type { WebhookDeliverer } from './webhook-deliverer.ts';

export interface CreateWebhookInput {
  name: string;
  url: string;
  events: WebhookEvent[];
}

/** Webhook CRUD, the delivery log and the signed test delivery (reference §2.9, decisions §6). */
export class WebhookService {
  constructor(
    private readonly repo: WebhookRepo,
    private readonly deliveries: WebhookDeliveryRepo,
    private readonly deliverer: WebhookDeliverer,
    private readonly clock: Clock,
    private readonly allowPrivateUrls: boolean,
  ) {}

  async create(orgId: string, input: CreateWebhookInput): Promise<Webhook> {
    this.checkUrl(input.url);
    return this.repo.insert(orgId, {
      id: newId('webhook'),
      name: input.name,
      url: input.url,
      events: [...new Set(input.events)],
      secret: generateWebhookSecret(),
      status: 'active',
    });
  }

  async get(orgId: string, id: string): Promise<Webhook> {
    const w = isId('webhook', id) ? await this.repo.get(orgId, id) : undefined;
    if (!w) throw errors.notFound('webhook', id);
    return w;
  }

  list(orgId: string, page: { limit: number; offset: number }) {
    return this.repo.list(orgId, page);
  }

  async update(
    orgId: string,
    id: string,
    input: { name?: string; url?: string; events?: WebhookEvent[]; status?: WebhookStatus },
  ): Promise<Webhook> {
    await this.get(orgId, id);
    if (input.url !== undefined) this.checkUrl(input.url);
    const patch: WebhookPatch = { ...input };
    if (input.events) patch.events = [...new Set(input.events)];
    const w = await this.repo.update(orgId, id, patch);
    if (!w) throw errors.notFound('webhook', id);
    return w;
  }

  async delete(orgId: string, id: string): Promise<void> {
    await this.get(orgId, id);
    const agents = await this.repo.agentsUsing(orgId, id);
    if (agents.length > 0)
      throw errors.conflict(
        `Webhook '${id}' is used by ${agents.length} agent(s) (webhook_id); point them elsewhere first.`,
        { agent_ids: agents },
      );
    await this.repo.delete(orgId, id);
  }

  async listDeliveries(orgId: string, id: string, page: { limit: number; offset: number }) {
    await this.get(orgId, id);
    return this.deliveries.list(orgId, id, page);
  }

  /** Send a signed `webhook.test` event now (one attempt, never retried) and return its delivery record. */
  async test(orgId: string, id: string): Promise<WebhookDelivery> {
    const w = await this.get(orgId, id);
    const deliveryId = newId('webhookDelivery');
    const delivery = await this.deliveries.insert(orgId, {
      id: deliveryId,
      webhookId: w.id,
      targetUrl: w.url,
      event: testEvent,
      messageId: newId('message'),
      callId: null,
      payload: {
        event: testEvent,
        webhook_id: w.id,
        delivery_id: deliveryId,
        message: 'Test event from Parley. Answer 2xx to acknowledge.',
        created_at: new Date(this.clock.now()).toISOString(),
      },
    });
    return deliveryView(await this.deliverer.attempt(delivery, w.secret));
  }

  /** Stored URLs are checked for private literals up front; names are checked again at send time after DNS. */
  private checkUrl(url: string): void {
    try {
      assertNotPrivateLiteral(new URL(url), this.allowPrivateUrls);
    } catch (e) {
      if (e instanceof PrivateAddressError)
        throw errors.invalidField(['body', 'url'], 'PRIVATE_URL_NOT_ALLOWED', e.message);
      throw e;
    }
  }
}
