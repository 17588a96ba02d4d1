import { createRoute } from '@hono/zod-openapi';
import type { CallDeliveryLog } from '../../domain/webhook/call-delivery-log.ts';
import { orgOf } from '../middleware/auth.ts';
import { createRouter, errorResponses, idParams, jsonResponse, secured, z } from '../openapi.ts';
import { WebhookDelivery } from '../schemas/webhook.ts';

const CallDelivery = WebhookDelivery.extend({
  target_url: z.string().openapi({
    description:
      'Where it went: a workspace webhook’s URL (`webhook_id` set) or the call’s own `webhook_url`',
    example: 'https://crm.example.com/hooks/parley',
  }),
}).openapi('CallWebhookDelivery');

const list = createRoute({
  method: 'get',
  path: '/{call_id}/webhook-deliveries',
  tags: ['calls'],
  security: secured,
  summary: 'List a call’s webhook deliveries',
  description:
    'Every delivery of this call’s events in event order (call.started → … → call.recording.available), to every endpoint: workspace webhooks and the call’s own `webhook_url` (whose deliveries appear in no webhook’s log). Each shows its latest attempt. Parley extra.',
  request: { params: idParams('call_id', 'call_01jd8x2k3m4n5p6q7r8s9t0v1w') },
  responses: {
    200: jsonResponse(
      z.object({ items: z.array(CallDelivery) }).openapi('CallWebhookDeliveryList'),
      'The deliveries',
    ),
    ...errorResponses(404),
  },
});

/** `/v1/calls/{call_id}/webhook-deliveries` */
export function callWebhookDeliveryRoutes(deps: { callDeliveries: CallDeliveryLog }) {
  return createRouter().openapi(list, async (c) =>
    c.json({ items: await deps.callDeliveries.list(orgOf(c), c.req.valid('param').call_id) }, 200),
  );
}
