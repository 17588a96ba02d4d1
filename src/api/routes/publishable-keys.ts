import { createRoute } from '@hono/zod-openapi';
import { normalizeOrigin } from '../../domain/publishable-key/allowed-origins.ts';
import {
  type PublishableKeyService,
  publishableKeyScopes,
} from '../../domain/publishable-key/publishable-key-service.ts';
import { orgOf } from '../middleware/auth.ts';
import { createRouter, errorResponses, idParams, jsonBody, jsonResponse, secured, z } from '../openapi.ts';

const tags = ['publishable-keys'];
const params = idParams('key_id', 'pk_01jd8x2k3m4n5p6q7r8s9t0v1w');

const name = z.string().min(1).max(255).openapi({ example: 'Production widget' });
const allowedOrigins = z
  .array(
    z
      .string()
      .max(255)
      .refine((o) => normalizeOrigin(o) !== undefined, {
        message:
          'Origin must be scheme + host (+ port) without path or trailing slash, e.g. https://app.example.com, or "*"',
      }),
  )
  .max(50)
  .openapi({
    description:
      'Browser origins allowed to use the key. Empty list or `"*"` allows every origin (development only).',
    example: ['https://app.example.com'],
  });

const PublishableKey = z
  .object({
    id: z.string().openapi({ example: 'pk_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    name: z.string(),
    key_prefix: z.string().openapi({ example: 'oi_pk_live_abc1' }),
    is_active: z.boolean(),
    allowed_origins: z.array(z.string()),
    scopes: z.array(z.string()).openapi({ example: ['web_calls'] }),
    last_used_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('PublishableKey');
const PublishableKeyCreated = PublishableKey.extend({
  key: z.string().openapi({ description: 'Full key; shown only once', example: 'oi_pk_live_abc123def456' }),
}).openapi('PublishableKeyCreated');

const create = createRoute({
  method: 'post',
  path: '/',
  tags,
  security: secured,
  summary: 'Create publishable key',
  description:
    'A browser-safe key that can only create web-call tokens (`POST /v1/web-calls/token`), only from `allowed_origins`. The full `key` is returned only in this response.',
  request: jsonBody(
    z
      .object({
        name,
        allowed_origins: allowedOrigins.optional(),
        scopes: z
          .array(z.enum(publishableKeyScopes))
          .nullable()
          .optional()
          .openapi({ description: 'Only `web_calls` exists (the default)' }),
      })
      .openapi('PublishableKeyCreate', {
        example: { name: 'Production widget', allowed_origins: ['https://app.example.com'] },
      }),
  ),
  responses: {
    201: jsonResponse(PublishableKeyCreated, 'The key; `key` is shown only once'),
    ...errorResponses(),
  },
});
const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  security: secured,
  summary: 'List publishable keys',
  description: 'A bare array, oldest first; only `key_prefix`, never the key.',
  responses: { 200: jsonResponse(z.array(PublishableKey), 'The keys'), ...errorResponses() },
});
const get = createRoute({
  method: 'get',
  path: '/{key_id}',
  tags,
  security: secured,
  summary: 'Get publishable key',
  description: 'The key’s settings; the key value itself is never shown again (only `key_prefix`).',
  request: { params },
  responses: { 200: jsonResponse(PublishableKey, 'The key (prefix only)'), ...errorResponses(404) },
});
const update = createRoute({
  method: 'patch',
  path: '/{key_id}',
  tags,
  security: secured,
  summary: 'Update publishable key',
  description:
    '`allowed_origins` replaces the whole list (empty allows all); `is_active: false` disables the key without revoking it. Unknown fields are 422.',
  request: {
    params,
    ...jsonBody(
      z
        .strictObject({
          name: name.nullable().optional(),
          allowed_origins: allowedOrigins.nullable().optional(),
          is_active: z.boolean().nullable().optional(),
        })
        .openapi('PublishableKeyUpdate', { example: { allowed_origins: ['https://www.example.com'] } }),
    ),
  },
  responses: { 200: jsonResponse(PublishableKey, 'The updated key'), ...errorResponses(404) },
});
const remove = createRoute({
  method: 'delete',
  path: '/{key_id}',
  tags,
  security: secured,
  summary: 'Revoke publishable key',
  description: 'Deletes the key; it stops working at once.',
  request: { params },
  responses: { 204: { description: 'Revoked' }, ...errorResponses(404) },
});

/** `/v1/publishable-keys` */
export function publishableKeyRoutes(deps: { publishableKeys: PublishableKeyService }) {
  const svc = deps.publishableKeys;
  return createRouter()
    .openapi(create, async (c) => c.json(await svc.create(orgOf(c), c.req.valid('json')), 201))
    .openapi(list, async (c) => c.json(await svc.list(orgOf(c)), 200))
    .openapi(get, async (c) => c.json(await svc.get(orgOf(c), c.req.valid('param').key_id), 200))
    .openapi(update, async (c) => {
      const body = c.req.valid('json');
      const patch = Object.fromEntries(Object.entries(body).filter(([, v]) => v != null));
      return c.json(await svc.update(orgOf(c), c.req.valid('param').key_id, patch), 200);
    })
    .openapi(remove, async (c) => {
      await svc.delete(orgOf(c), c.req.valid('param').key_id);
      return c.body(null, 204);
    });
}
