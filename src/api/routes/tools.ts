import { createRoute } from '@hono/zod-openapi';
import type { ToolService } from '../../domain/tool/tool-service.ts';
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
import { Tool, ToolCreate, ToolUpdate } from '../schemas/tool.ts';

const tags = ['tools'];
const params = idParams('tool_id', 'tool_01jd8x2k3m4n5p6q7r8s9t0v1w');

const create = createRoute({
  method: 'post',
  path: '/',
  tags,
  security: secured,
  summary: 'Create tool',
  description:
    'The body is discriminated on `type`; each type has its own required fields. send_email needs a resend/sendgrid ' +
    'integration and schedule_calendar_event a calcom integration as `credential_id`. Attach tools to a model with `tool_ids`.',
  request: jsonBody(ToolCreate),
  responses: { 201: jsonResponse(Tool, 'The created tool'), ...errorResponses(404) },
});
const list = offsetListRoute({
  tags,
  summary: 'List tools',
  query: offsetQuery(),
  item: Tool,
  pageName: 'ToolPage',
  pageDescription: 'A page of tools (newest first)',
});
const get = createRoute({
  method: 'get',
  path: '/{tool_id}',
  tags,
  security: secured,
  summary: 'Get tool',
  request: { params },
  responses: { 200: jsonResponse(Tool, 'The tool'), ...errorResponses(404) },
});
const update = createRoute({
  method: 'patch',
  path: '/{tool_id}',
  tags,
  security: secured,
  summary: 'Update tool',
  description:
    'All fields optional and nullable; `type` cannot change. `messaging_config` and `calendar_config` merge key by key; ' +
    'other objects and lists replace. The result must still be a valid tool of its type. Unknown fields are 422.',
  request: { params, ...jsonBody(ToolUpdate) },
  responses: { 200: jsonResponse(Tool, 'The updated tool'), ...errorResponses(404) },
});
const remove = createRoute({
  method: 'delete',
  path: '/{tool_id}',
  tags,
  security: secured,
  summary: 'Delete tool',
  description: '409 with `details.model_ids` while a model still lists the tool in `tool_ids`.',
  request: { params },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404, 409) },
});

/** `/v1/tools` */
export function toolRoutes(deps: { tools: ToolService }) {
  return createRouter()
    .openapi(create, async (c) => c.json(await deps.tools.create(orgOf(c), c.req.valid('json')), 201))
    .openapi(list, async (c) => {
      const q = c.req.valid('query');
      return c.json(offsetPageBody(await deps.tools.list(orgOf(c), q), q), 200);
    })
    .openapi(get, async (c) => c.json(await deps.tools.get(orgOf(c), c.req.valid('param').tool_id), 200))
    .openapi(update, async (c) =>
      c.json(await deps.tools.update(orgOf(c), c.req.valid('param').tool_id, c.req.valid('json')), 200),
    )
    .openapi(remove, async (c) => {
      await deps.tools.delete(orgOf(c), c.req.valid('param').tool_id);
      return c.body(null, 204);
    });
}
