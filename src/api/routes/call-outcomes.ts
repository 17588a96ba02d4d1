import { createRoute } from '@hono/zod-openapi';
import type { CallOutcomeService } from '../../domain/outcome/call-outcome-service.ts';
import { builtinOutcomes } from '../../domain/outcome/outcome.ts';
import { orgOf } from '../middleware/auth.ts';
import { createRouter, errorResponses, idParams, jsonBody, jsonResponse, secured, z } from '../openapi.ts';

const tags = ['workspace'];
const params = idParams('outcome_id', 'cou_01jd8x2k3m4n5p6q7r8s9t0v1w');

const label = z.string().min(1).max(100).openapi({ example: 'Hot Lead' });
const description = z
  .string()
  .max(500)
  .openapi({ description: 'Guides post-call analysis', example: 'Caller asked for a quote this week' });

const CallOutcome = z
  .object({
    id: z.string().openapi({ example: 'cou_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    name: z.string().openapi({ example: 'hot_lead' }),
    label: z.string().openapi({ example: 'Hot Lead' }),
    description: z.string().nullable(),
    is_active: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('CallOutcome');

const CallOutcomeCreate = z
  .object({
    label,
    name: z
      .string()
      .max(40)
      .regex(/^[a-z][a-z0-9_]*$/, 'String should match pattern ^[a-z][a-z0-9_]*$ (snake_case)')
      .nullable()
      .optional()
      .openapi({
        description: 'snake_case identifier; derived from `label` when omitted',
        example: 'hot_lead',
      }),
    description: description.nullable().optional(),
  })
  .openapi('CallOutcomeCreate', { example: { label: 'Hot Lead', description: 'Wants a quote this week' } });

const CallOutcomeUpdate = z
  .strictObject({
    label: label.nullable().optional(),
    description: description.nullable().optional(),
    is_active: z
      .boolean()
      .nullable()
      .optional()
      .openapi({ description: 'false hides the outcome from new analyses; calls keep their label' }),
  })
  .openapi('CallOutcomeUpdate', { example: { is_active: false } });

const CallOutcomeList = z
  .object({
    builtin: z.array(z.string()).openapi({ example: [...builtinOutcomes] }),
    items: z.array(CallOutcome),
    total: z.number().int(),
  })
  .openapi('CallOutcomeList');

const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  security: secured,
  summary: 'List call outcomes',
  description: '`builtin` names every workspace has, plus this workspace’s custom outcomes (oldest first).',
  responses: { 200: jsonResponse(CallOutcomeList, 'Builtin and custom outcomes'), ...errorResponses() },
});
const create = createRoute({
  method: 'post',
  path: '/',
  tags,
  security: secured,
  summary: 'Create call outcome',
  description:
    'Adds a custom outcome. `name` defaults to the snake_case of `label` ("Hot Lead!" → `hot_lead`). A name already used in the workspace, or equal to a builtin, is 409 CONFLICT.',
  request: jsonBody(CallOutcomeCreate),
  responses: { 201: jsonResponse(CallOutcome, 'The created outcome'), ...errorResponses(409) },
});
const get = createRoute({
  method: 'get',
  path: '/{outcome_id}',
  tags,
  security: secured,
  summary: 'Get call outcome',
  description: 'One custom outcome of this workspace (builtins have no id).',
  request: { params },
  responses: { 200: jsonResponse(CallOutcome, 'The outcome'), ...errorResponses(404) },
});
const update = createRoute({
  method: 'patch',
  path: '/{outcome_id}',
  tags,
  security: secured,
  summary: 'Update call outcome',
  description:
    'Change `label`, `description` (null clears it) or `is_active`. `name` cannot change; unknown fields are 422.',
  request: { params, ...jsonBody(CallOutcomeUpdate) },
  responses: { 200: jsonResponse(CallOutcome, 'The updated outcome'), ...errorResponses(404) },
});
const remove = createRoute({
  method: 'delete',
  path: '/{outcome_id}',
  tags,
  security: secured,
  summary: 'Delete call outcome',
  description:
    'Deactivating (`is_active: false`) is the documented way to retire an outcome; deleting also works. Calls keep their stored outcome either way.',
  request: { params },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404) },
});

/** `/v1/workspace/call-outcomes` */
export function callOutcomeRoutes(deps: { callOutcomes: CallOutcomeService }) {
  const svc = deps.callOutcomes;
  return createRouter()
    .openapi(list, async (c) => c.json(await svc.list(orgOf(c)), 200))
    .openapi(create, async (c) => c.json(await svc.create(orgOf(c), c.req.valid('json')), 201))
    .openapi(get, async (c) => c.json(await svc.get(orgOf(c), c.req.valid('param').outcome_id), 200))
    .openapi(update, async (c) => {
      const { label, description, is_active } = c.req.valid('json');
      const patch = {
        ...(label != null ? { label } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(is_active != null ? { is_active } : {}),
      };
      return c.json(await svc.update(orgOf(c), c.req.valid('param').outcome_id, patch), 200);
    })
    .openapi(remove, async (c) => {
      await svc.delete(orgOf(c), c.req.valid('param').outcome_id);
      return c.body(null, 204);
    });
}
