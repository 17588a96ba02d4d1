import type { DeliveryScheduler, WebhookOutbox } from '../../domain/webhook/webhook-outbox.ts';
import type { JobHandler, JobQueue } from '../queue.ts';

/** Outbox attempts as `webhook.deliver` jobs: at most one waiting per delivery ('short' queue policy). */
export function deliveryScheduler(queue: JobQueue): DeliveryScheduler {
  return {
    schedule: async (d, at) => {
      await queue.send(
        'webhook.deliver',
        { orgId: d.orgId, deliveryId: d.id },
        { singletonKey: `whd:${d.id}`, ...(at ? { startAfter: at } : {}) },
      );
    },
  };
}

/** `webhook.deliver`: one attempt of a delivery (claimed in the store, so never sent twice at once). */
export function deliverWebhookHandler(outbox: WebhookOutbox): JobHandler<'webhook.deliver'> {
  return (data) => outbox.deliver(data.orgId, data.deliveryId);
}
