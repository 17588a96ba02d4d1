import type { Clock } from '../../lib/clock.ts';
import type { PendingDelivery, WebhookDeliveryRepo } from './webhook.ts';
import type { WebhookSender } from './webhook-sender.ts';

/**
 * One attempt of a stored delivery: sign, POST, record the outcome on the row. Shared by the test
 * endpoint and the durable outbox (which decides whether and when to retry).
 */
export class WebhookDeliverer {
  constructor(
    private readonly deliveries: WebhookDeliveryRepo,
    private readonly sender: WebhookSender,
    private readonly clock: Clock,
  ) {}

  /**
   * Send `delivery` once with `secret`. On failure the row becomes `retrying` with `nextRetryAt`
   * when one is given, else `failed`; on a 2xx it becomes `succeeded`.
   */
  async attempt(
    delivery: PendingDelivery,
    secret: string,
    opts: { nextRetryAt?: Date | null } = {},
  ): Promise<PendingDelivery> {
    const result = await this.sender.send({
      url: delivery.target_url,
      secret,
      messageId: delivery.message_id,
      timestamp: new Date(this.clock.now()),
      body: JSON.stringify(delivery.payload),
    });
    const now = new Date(this.clock.now());
    const retry = !result.ok && opts.nextRetryAt ? opts.nextRetryAt : null;
    const updated = await this.deliveries.recordAttempt(delivery.org_id, delivery.id, {
      status: result.ok ? 'succeeded' : retry ? 'retrying' : 'failed',
      responseStatus: result.status,
      responseBody: result.body,
      error: result.error,
      nextRetryAt: retry,
      completedAt: retry ? null : now,
    });
    if (!updated) throw new Error(`webhook delivery ${delivery.id} vanished while sending`);
    return updated;
  }
}
