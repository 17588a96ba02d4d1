import { createRoute } from '@hono/zod-openapi';
import type { IntegrationService } from '../../domain/integration/integration-service.ts';
import { orgOf } from '../middleware/auth.ts';
import {
  createRouter,
  errorResponses,
  idParams,
  jsonBody,
  jsonResponse,
  offsetListRoute,
  offsetPageBody,
  offsetQuery,
  secured,
} from '../openapi.ts';
import { Integration, IntegrationCreate, IntegrationUpdate } from '../schemas/integration.ts';

const tags = ['integrations'];
const params = idParams('credential_id', 'crd_01jd8x2k3m4n5p6q7r8s9t0v1w');

const create = createRoute({
  method: 'post',
  path: '/',
  tags,
  security: secured,
  summary: 'Create integration',
  description:
    'Stores a provider key (BYOK). The key is encrypted at rest and only ever returned as `masked_key`. ' +
    'Twilio needs `metadata.account_sid`; Resend/SendGrid need `metadata.from`.',
  request: jsonBody(IntegrationCreate),
  responses: { 201: jsonResponse(Integration, 'The created integration'), ...errorResponses() },
});
const list = offsetListRoute({
  tags,
  summary: 'List integrations',
  query: offsetQuery(),
  item: Integration,
  pageName: 'IntegrationPage',
  pageDescription: 'A page of integrations (newest first)',
});
const get = createRoute({
  method: 'get',
  path: '/{credential_id}',
  tags,
  security: secured,
  summary: 'Get integration',
  request: { params },
  responses: { 200: jsonResponse(Integration, 'The integration'), ...errorResponses(404) },
});
const update = createRoute({
  method: 'patch',
  path: '/{credential_id}',
  tags,
  security: secured,
  summary: 'Update integration',
  description:
    'Rename, rotate `api_key`, or merge `metadata` (null removes a key). `provider` cannot change; unknown fields are 422.',
  request: { params, ...jsonBody(IntegrationUpdate) },
  responses: { 200: jsonResponse(Integration, 'The updated integration'), ...errorResponses(404) },
});
const remove = createRoute({
  method: 'delete',
  path: '/{credential_id}',
  tags,
  security: secured,
  summary: 'Delete integration',
  description:
    '409 while tools, models, voices, agents (`tts.credential_id`) or phone numbers still use it; ' +
    '`error.details` lists their ids (`tool_ids`, `model_ids`, `voice_ids`, `agent_ids`, `phone_number_ids`).',
  request: { params },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404, 409) },
});

/** `/v1/integrations` and its alias `/v1/credentials` */
export function integrationRoutes(deps: { integrations: IntegrationService }) {
  return createRouter()
    .openapi(create, async (c) => c.json(await deps.integrations.create(orgOf(c), c.req.valid('json')), 201))
    .openapi(list, async (c) => {
      const q = c.req.valid('query');
      return c.json(offsetPageBody(await deps.integrations.list(orgOf(c), q), q), 200);
    })
    .openapi(get, async (c) =>
      c.json(await deps.integrations.get(orgOf(c), c.req.valid('param').credential_id), 200),
    )
    .openapi(update, async (c) =>
      c.json(
        await deps.integrations.update(orgOf(c), c.req.valid('param').credential_id, c.req.valid('json')),
        200,
      ),
    )
    .openapi(remove, async (c) => {
      await deps.integrations.delete(orgOf(c), c.req.valid('param').credential_id);
      return c.body(null, 204);
    });
}
