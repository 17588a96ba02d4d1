import { createRoute } from '@hono/zod-openapi';
import type { LlmModelPatch } from '../../domain/llm-model/llm-model.ts';
import type { LlmModelService } from '../../domain/llm-model/llm-model-service.ts';
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
import { LlmModel, LlmModelCreate, LlmModelUpdate } from '../schemas/llm-model.ts';

const tags = ['llm-models'];
const params = idParams('model_id', 'llm_01jd8x2k3m4n5p6q7r8s9t0v1w');

const create = createRoute({
  method: 'post',
  path: '/',
  tags,
  security: secured,
  summary: 'Create model',
  request: jsonBody(LlmModelCreate),
  responses: { 201: jsonResponse(LlmModel, 'The created model'), ...errorResponses(404) },
});
const list = offsetListRoute({
  tags,
  summary: 'List models',
  query: offsetQuery(),
  item: LlmModel,
  pageName: 'LlmModelPage',
  pageDescription: 'A page of models',
});
const get = createRoute({
  method: 'get',
  path: '/{model_id}',
  tags,
  security: secured,
  summary: 'Get model',
  request: { params },
  responses: { 200: jsonResponse(LlmModel, 'The model'), ...errorResponses(404) },
});
const update = createRoute({
  method: 'patch',
  path: '/{model_id}',
  tags,
  security: secured,
  summary: 'Update model',
  description:
    '`tool_ids` and `knowledge_base_ids` replace the whole list. Every agent using the model picks up the change.',
  request: { params, ...jsonBody(LlmModelUpdate) },
  responses: { 200: jsonResponse(LlmModel, 'The updated model'), ...errorResponses(404) },
});
const remove = createRoute({
  method: 'delete',
  path: '/{model_id}',
  tags,
  security: secured,
  summary: 'Delete model',
  description: '409 with `details.agent_ids` while agents still use the model.',
  request: { params },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404, 409) },
});

/** Drop nulls for non-nullable columns (null means "leave as is" for them). */
function toPatch(body: Record<string, unknown>): LlmModelPatch {
  const nullableKeys = new Set(['max_tokens', 'custom_websocket_url', 'credential_id']);
  return Object.fromEntries(
    Object.entries(body).filter(([k, v]) => v !== undefined && (v !== null || nullableKeys.has(k))),
  ) as LlmModelPatch;
}

/** `/v1/models` and its alias `/v1/llm-models` */
export function llmModelRoutes(deps: { models: LlmModelService }) {
  return createRouter()
    .openapi(create, async (c) => c.json(await deps.models.create(orgOf(c), c.req.valid('json')), 201))
    .openapi(list, async (c) => {
      const q = c.req.valid('query');
      return c.json(offsetPageBody(await deps.models.list(orgOf(c), q), q), 200);
    })
    .openapi(get, async (c) => c.json(await deps.models.get(orgOf(c), c.req.valid('param').model_id), 200))
    .openapi(update, async (c) =>
      c.json(
        await deps.models.update(orgOf(c), c.req.valid('param').model_id, toPatch(c.req.valid('json'))),
        200,
      ),
    )
    .openapi(remove, async (c) => {
      await deps.models.delete(orgOf(c), c.req.valid('param').model_id);
      return c.body(null, 204);
    });
}
