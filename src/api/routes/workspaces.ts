import { createRoute } from '@hono/zod-openapi';
import type { WorkspaceService } from '../../domain/workspace/workspace-service.ts';
import { orgOf, requireAdmin } from '../middleware/auth.ts';
import { createRouter, errorResponses, idParams, jsonBody, jsonResponse, secured, z } from '../openapi.ts';

const Workspace = z
  .object({
    id: z.string().openapi({ example: 'org_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    name: z.string(),
    max_calls_per_day: z.number().int(),
    max_concurrent_calls: z.number().int(),
    kb_token_budget: z.number().int(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Workspace');
const WorkspaceCreated = Workspace.extend({
  api_key: z
    .string()
    .openapi({ description: 'The new workspace’s first secret key; shown only once', example: 'oi_sk_…' }),
}).openapi('WorkspaceCreated');
const Me = z
  .object({ workspace_id: z.string(), workspace_name: z.string(), key_id: z.string(), is_admin: z.boolean() })
  .openapi('Me');
const ApiKey = z
  .object({
    id: z.string().openapi({ example: 'key_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    name: z.string(),
    key_prefix: z.string().openapi({ example: 'oi_sk_AbC123' }),
    is_admin: z.boolean(),
    last_used_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('ApiKey');
const ApiKeyCreated = ApiKey.extend({
  key: z.string().openapi({ description: 'Full secret key; shown only once' }),
}).openapi('ApiKeyCreated');

const createWs = createRoute({
  method: 'post',
  path: '/workspaces',
  tags: ['workspace'],
  security: secured,
  summary: 'Create workspace (admin key only)',
  request: jsonBody(
    z.object({ name: z.string().min(1).max(255) }).openapi('WorkspaceCreate', { example: { name: 'Acme' } }),
  ),
  responses: {
    201: jsonResponse(WorkspaceCreated, 'The workspace and its first secret key'),
    ...errorResponses(403),
  },
});
const listWs = createRoute({
  method: 'get',
  path: '/workspaces',
  tags: ['workspace'],
  security: secured,
  summary: 'List workspaces (admin key only)',
  responses: {
    200: jsonResponse(z.object({ items: z.array(Workspace), total: z.number().int() }), 'All workspaces'),
    ...errorResponses(403),
  },
});
const me = createRoute({
  method: 'get',
  path: '/auth/me',
  tags: ['workspace'],
  security: secured,
  summary: 'Who am I',
  responses: { 200: jsonResponse(Me, 'The workspace and key behind this request'), ...errorResponses() },
});
const createKey = createRoute({
  method: 'post',
  path: '/api-keys',
  tags: ['workspace'],
  security: secured,
  summary: 'Create secret API key',
  request: jsonBody(
    z
      .object({ name: z.string().min(1).max(255).default('API key') })
      .openapi('ApiKeyCreate', { example: { name: 'CI' } }),
  ),
  responses: { 201: jsonResponse(ApiKeyCreated, 'The key; `key` is shown only once'), ...errorResponses() },
});
const listKeys = createRoute({
  method: 'get',
  path: '/api-keys',
  tags: ['workspace'],
  security: secured,
  summary: 'List secret API keys',
  responses: { 200: jsonResponse(z.array(ApiKey), 'Keys (prefix only)'), ...errorResponses() },
});
const deleteKey = createRoute({
  method: 'delete',
  path: '/api-keys/{key_id}',
  tags: ['workspace'],
  security: secured,
  summary: 'Revoke secret API key',
  request: { params: idParams('key_id', 'key_01jd8x2k3m4n5p6q7r8s9t0v1w') },
  responses: { 204: { description: 'Revoked' }, ...errorResponses(404) },
});

const wsParams = idParams('workspace_id', 'org_01jd8x2k3m4n5p6q7r8s9t0v1w');
const createWsKey = createRoute({
  method: 'post',
  path: '/workspaces/{workspace_id}/api-keys',
  tags: ['workspace'],
  security: secured,
  summary: 'Create a secret key in any workspace (admin key only)',
  request: {
    params: wsParams,
    ...jsonBody(
      z.object({ name: z.string().min(1).max(255).default('API key') }).openapi('WorkspaceApiKeyCreate'),
    ),
  },
  responses: {
    201: jsonResponse(ApiKeyCreated, 'The key; `key` is shown only once'),
    ...errorResponses(403, 404),
  },
});
const listWsKeys = createRoute({
  method: 'get',
  path: '/workspaces/{workspace_id}/api-keys',
  tags: ['workspace'],
  security: secured,
  summary: 'List a workspace’s secret keys (admin key only)',
  request: { params: wsParams },
  responses: { 200: jsonResponse(z.array(ApiKey), 'Keys (prefix only)'), ...errorResponses(403, 404) },
});

/** Workspaces (admin), `/v1/auth/me` and secret API keys (decisions §3). */
export function workspaceRoutes(deps: { workspaces: WorkspaceService }) {
  const ws = deps.workspaces;
  return createRouter()
    .openapi(createWs, async (c) => {
      requireAdmin(c);
      const { workspace, apiKey } = await ws.createWorkspace(c.req.valid('json').name);
      return c.json({ ...workspace, api_key: apiKey }, 201);
    })
    .openapi(listWs, async (c) => {
      requireAdmin(c);
      const items = await ws.listWorkspaces();
      return c.json({ items, total: items.length }, 200);
    })
    .openapi(createWsKey, async (c) => {
      requireAdmin(c);
      const w = await ws.getWorkspace(c.req.valid('param').workspace_id);
      return c.json(await ws.createApiKey(w.id, c.req.valid('json').name), 201);
    })
    .openapi(listWsKeys, async (c) => {
      requireAdmin(c);
      const w = await ws.getWorkspace(c.req.valid('param').workspace_id);
      return c.json(await ws.listApiKeys(w.id), 200);
    })
    .openapi(me, async (c) => {
      const p = c.get('principal');
      const w = await ws.getWorkspace(p.orgId);
      return c.json(
        {
          workspace_id: w.id,
          workspace_name: w.name,
          key_id: p.keyId,
          is_admin: p.kind === 'secret' && p.isAdmin,
        },
        200,
      );
    })
    .openapi(createKey, async (c) => c.json(await ws.createApiKey(orgOf(c), c.req.valid('json').name), 201))
    .openapi(listKeys, async (c) => c.json(await ws.listApiKeys(orgOf(c)), 200))
    .openapi(deleteKey, async (c) => {
      await ws.deleteApiKey(orgOf(c), c.req.valid('param').key_id);
      return c.body(null, 204);
    });
}
