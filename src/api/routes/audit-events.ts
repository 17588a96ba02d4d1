import { createRoute } from '@hono/zod-openapi';
import type { AuditService } from '../../domain/audit/audit-service.ts';
import { orgOf } from '../middleware/auth.ts';
import {
  createRouter,
  cursorPage,
  cursorQuery,
  errorResponses,
  jsonResponse,
  secured,
  z,
} from '../openapi.ts';

const AuditEvent = z
  .object({
    id: z.string().openapi({ example: 'evt_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    org_id: z.string().openapi({ example: 'org_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    user_id: z.string().nullable().openapi({ description: 'Always null: Parley has API keys, not users' }),
    api_key_id: z.string().nullable().openapi({ example: 'key_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    action: z.string().openapi({ example: 'agents.create' }),
    resource_type: z.string().openapi({ example: 'agents' }),
    resource_id: z.string().nullable().openapi({ example: 'agt_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    request_id: z.string().openapi({ example: 'req_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    payload_hash: z.string().nullable().openapi({ description: 'SHA-256 hex of the request body' }),
    status_code: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'HTTP status of the response', example: 201 }),
    created_at: z.string(),
  })
  .openapi('AuditEvent');

const route = createRoute({
  method: 'get',
  path: '/',
  tags: ['audit-events'],
  security: secured,
  summary: 'List audit events',
  description:
    'Every mutating request (POST, PATCH, PUT, DELETE) made with a key of this workspace, newest first. `action` is `<resource>.<create|update|delete>` or `<resource>.<sub-action>` (e.g. `calls.stop`, `webhooks.test`); reads are not recorded. Page with `next_cursor`.',
  request: {
    query: cursorQuery.extend({
      action: z.string().max(100).optional().openapi({ example: 'agents.create' }),
      resource_type: z.string().max(100).optional().openapi({ example: 'agents' }),
    }),
  },
  responses: {
    200: jsonResponse(cursorPage(AuditEvent, 'AuditEventPage'), 'A page of events'),
    ...errorResponses(),
  },
});

/** `GET /v1/audit-events` */
export function auditEventRoutes(deps: { audit: AuditService }) {
  return createRouter().openapi(route, async (c) =>
    c.json(await deps.audit.list(orgOf(c), c.req.valid('query')), 200),
  );
}
