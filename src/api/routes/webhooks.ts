import { createRoute } from '@hono/zod-openapi';
import type { WebhookService } from '../../domain/webhook/webhook-service.ts';
import { orgOf } from '../middleware/auth.ts';
import {
  createRouter,
  errorResponses,
  idParams,
  jsonBody,
  jsonResponse,
  offsetListRoute,
  offsetPage,
  offsetPageBody,
  offsetQuery,
  secured,
} from '../openapi.ts';
import { Webhook, WebhookCreate, WebhookDelivery, WebhookUpdate } from '../schemas/webhook.ts';

const tags = ['webhooks'];
const params = idParams('webhook_id', 'wh_01jd8x2k3m4n5p6q7r8s9t0v1w');

const create = createRoute({
  method: 'post',
  path: '/',
  tags,
  security: secured,
  summary: 'Create webhook',
  description:
    'Subscribes a URL to call events. The response carries `secret` (`whsec_…`): every delivery is signed with it per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`).',
  request: jsonBody(WebhookCreate),
  responses: {
    201: jsonResponse(Webhook, 'The created webhook, with its signing secret'),
    ...errorResponses(),
  },
});
const list = offsetListRoute({
  tags,
  summary: 'List webhooks',
  description: 'Webhooks of the workspace, newest first (default limit 50, at most 200).',
  query: offsetQuery(50, 200),
  item: Webhook,
  pageName: 'WebhookPage',
  pageDescription: 'A page of webhooks',
});
const get = createRoute({
  method: 'get',
  path: '/{webhook_id}',
  tags,
  security: secured,
  summary: 'Get webhook',
  description: 'The webhook including its signing secret.',
  request: { params },
  responses: { 200: jsonResponse(Webhook, 'The webhook'), ...errorResponses(404) },
});
const update = createRoute({
  method: 'patch',
  path: '/{webhook_id}',
  tags,
  security: secured,
  summary: 'Update webhook',
  description:
    'Partial update of `name`, `url`, `events` (replaces the list) and `status` (`active`/`disabled`). Unknown fields are rejected with 422.',
  request: { params, ...jsonBody(WebhookUpdate) },
  responses: { 200: jsonResponse(Webhook, 'The updated webhook'), ...errorResponses(404) },
});
const remove = createRoute({
  method: 'delete',
  path: '/{webhook_id}',
  tags,
  security: secured,
  summary: 'Delete webhook',
  description: 'Deletes the webhook and its delivery log. 409 with `details.agent_ids` while agents use it.',
  request: { params },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404, 409) },
});
const deliveries = createRoute({
  method: 'get',
  path: '/{webhook_id}/deliveries',
  tags,
  security: secured,
  summary: 'List webhook deliveries',
  description:
    'Delivery log, newest first. Every attempt updates its delivery (`attempt`, `response_status`, …).',
  request: { params, query: offsetQuery(50, 200) },
  responses: {
    200: jsonResponse(offsetPage(WebhookDelivery, 'WebhookDeliveryPage'), 'A page of deliveries'),
    ...errorResponses(404),
  },
});
const test = createRoute({
  method: 'post',
  path: '/{webhook_id}/test',
  tags,
  security: secured,
  summary: 'Send a test event',
  description:
    'POSTs a signed `webhook.test` event to the webhook URL now (10 s timeout, redirects not followed, no retries; disabled webhooks are tested too) and returns the recorded delivery. A failed send is still 200: read `status`, `response_status` and `error`.',
  request: { params },
  responses: {
    200: jsonResponse(WebhookDelivery, 'The delivery, with the receiver’s answer'),
    ...errorResponses(404),
  },
});

/** Null means "leave as is" for every webhook field. */
function defined<T extends Record<string, unknown>>(body: T) {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== null)) as {
    [K in keyof T]?: Exclude<T[K], null | undefined>;
  };
}

/** `/v1/webhooks` */
export function webhookRoutes(deps: { webhooks: WebhookService }) {
  const svc = deps.webhooks;
  return createRouter()
    .openapi(create, async (c) => c.json(await svc.create(orgOf(c), c.req.valid('json')), 201))
    .openapi(list, async (c) => {
      const q = c.req.valid('query');
      return c.json(offsetPageBody(await svc.list(orgOf(c), q), q), 200);
    })
    .openapi(get, async (c) => c.json(await svc.get(orgOf(c), c.req.valid('param').webhook_id), 200))
    .openapi(update, async (c) =>
      c.json(await svc.update(orgOf(c), c.req.valid('param').webhook_id, defined(c.req.valid('json'))), 200),
    )
    .openapi(remove, async (c) => {
      await svc.delete(orgOf(c), c.req.valid('param').webhook_id);
      return c.body(null, 204);
    })
    .openapi(deliveries, async (c) => {
      const q = c.req.valid('query');
      const page = await svc.listDeliveries(orgOf(c), c.req.valid('param').webhook_id, q);
      return c.json(offsetPageBody(page, q), 200);
    })
    .openapi(test, async (c) => c.json(await svc.test(orgOf(c), c.req.valid('param').webhook_id), 200));
}
