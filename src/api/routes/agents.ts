import { createRoute } from '@hono/zod-openapi';
import type { AgentService } from '../../domain/agent/agent-service.ts';
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
import { Agent, AgentCreate, AgentUpdate } from '../schemas/agent.ts';

const tags = ['agents'];
const params = idParams('agent_id', 'agt_01jd8x2k3m4n5p6q7r8s9t0v1w');

const create = createRoute({
  method: 'post',
  path: '/',
  tags,
  security: secured,
  summary: 'Create agent',
  description:
    'Only `name` is required. Without `llm_id` a default model is created and returned as `llm_id`.',
  request: jsonBody(AgentCreate),
  responses: { 201: jsonResponse(Agent, 'The created agent'), ...errorResponses(404) },
});

const list = offsetListRoute({
  tags,
  summary: 'List agents',
  query: offsetQuery(),
  item: Agent,
  pageName: 'AgentPage',
  pageDescription: 'A page of agents (newest first)',
});

const get = createRoute({
  method: 'get',
  path: '/{agent_id}',
  tags,
  security: secured,
  summary: 'Get agent',
  request: { params },
  responses: { 200: jsonResponse(Agent, 'The agent'), ...errorResponses(404) },
});

const update = createRoute({
  method: 'patch',
  path: '/{agent_id}',
  tags,
  security: secured,
  summary: 'Update agent',
  description: 'Partial update; unknown fields are rejected with 422.',
  request: { params, ...jsonBody(AgentUpdate) },
  responses: { 200: jsonResponse(Agent, 'The updated agent'), ...errorResponses(404) },
});

const remove = createRoute({
  method: 'delete',
  path: '/{agent_id}',
  tags,
  security: secured,
  summary: 'Delete agent',
  description: '409 when a phone number still routes to the agent.',
  request: { params },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404, 409) },
});

/** `/v1/agents` */
export function agentRoutes(deps: { agents: AgentService }) {
  return createRouter()
    .openapi(create, async (c) => c.json(await deps.agents.create(orgOf(c), c.req.valid('json')), 201))
    .openapi(list, async (c) => {
      const q = c.req.valid('query');
      const page = await deps.agents.list(orgOf(c), q);
      return c.json(offsetPageBody(page, q), 200);
    })
    .openapi(get, async (c) => c.json(await deps.agents.get(orgOf(c), c.req.valid('param').agent_id), 200))
    .openapi(update, async (c) =>
      c.json(await deps.agents.update(orgOf(c), c.req.valid('param').agent_id, c.req.valid('json')), 200),
    )
    .openapi(remove, async (c) => {
      await deps.agents.delete(orgOf(c), c.req.valid('param').agent_id);
      return c.body(null, 204);
    });
}
