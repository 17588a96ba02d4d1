import { createRoute } from '@hono/zod-openapi';
import type { WorkspaceSettings } from '../../domain/workspace/workspace-settings.ts';
import { orgOf } from '../middleware/auth.ts';
import { createRouter, errorResponses, jsonResponse, secured, z } from '../openapi.ts';

const WorkspaceView = z
  .object({
    id: z.string().openapi({ example: 'org_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    name: z.string().openapi({ example: 'default' }),
    max_calls_per_day: z.number().int().openapi({ example: 1000 }),
    max_concurrent_calls: z
      .number()
      .int()
      .openapi({ description: 'Calls beyond this many at once wait `queued` for a slot', example: 10 }),
    kb_token_budget: z.number().int().openapi({ example: 10000 }),
    webhook_secret: z.string().openapi({
      description:
        'Standard Webhooks secret (`whsec_…`) that signs deliveries to a call’s own `webhook_url`; verify those with it.',
      example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Workspace');

const get = createRoute({
  method: 'get',
  path: '/',
  tags: ['workspace'],
  security: secured,
  summary: 'Get the current workspace',
  description:
    'The workspace of the key making the request: its limits and its default webhook signing secret (read-only; created on first use).',
  responses: { 200: jsonResponse(WorkspaceView, 'The workspace'), ...errorResponses() },
});

/** `GET /v1/workspace` */
export function currentWorkspaceRoutes(deps: { workspaceSettings: WorkspaceSettings }) {
  return createRouter().openapi(get, async (c) => c.json(await deps.workspaceSettings.get(orgOf(c)), 200));
}
