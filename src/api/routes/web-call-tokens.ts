import { createRoute } from '@hono/zod-openapi';
import type { WebCallService } from '../../domain/call/web-call-service.ts';
import { orgOf } from '../middleware/auth.ts';
import { createRouter, errorResponses, jsonBody, jsonResponse } from '../openapi.ts';
import { WebCall, WebCallTokenCreate } from '../schemas/call.ts';

const token = createRoute({
  method: 'post',
  path: '/token',
  tags: ['web-calls'],
  security: [{ bearerAuth: [] }],
  summary: 'Create a web-call token (publishable key)',
  description:
    'Browser-safe: send `Authorization: Bearer oi_pk_live_…` from an origin the key allows (else 403 ORIGIN_NOT_ALLOWED). A secret key works too. `overrides` are refused with 422: a browser must not choose models or voices.',
  request: jsonBody(WebCallTokenCreate),
  responses: { 201: jsonResponse(WebCall, 'The web-call session'), ...errorResponses(400, 403, 404, 429) },
});

/** `/v1/web-calls` */
export function webCallTokenRoutes(deps: { webCalls: WebCallService }) {
  return createRouter().openapi(token, async (c) => {
    const { overrides: _refused, ...body } = c.req.valid('json');
    return c.json(await deps.webCalls.create(orgOf(c), body), 201);
  });
}
