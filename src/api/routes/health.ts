import { createRoute } from '@hono/zod-openapi';
import { createRouter, jsonResponse, z } from '../openapi.ts';

const Health = z
  .object({
    status: z.enum(['ok', 'degraded']),
    version: z.string(),
    store: z.enum(['pglite', 'postgres']),
    database: z.enum(['ok', 'unreachable']),
    uptime_seconds: z.number(),
  })
  .openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/',
  tags: ['health'],
  summary: 'Health check (no auth)',
  responses: {
    200: jsonResponse(Health, 'Service status'),
    503: jsonResponse(Health, 'Database unreachable'),
  },
});

/** `GET /health` and `GET /v1/health`: liveness plus a database round trip. */
export function healthRoutes(deps: {
  version: string;
  storeKind: 'pglite' | 'postgres';
  ping: () => Promise<void>;
  startedAt: number;
}) {
  return createRouter().openapi(route, async (c) => {
    const ok = await deps.ping().then(
      () => true,
      () => false,
    );
    const body = {
      status: ok ? ('ok' as const) : ('degraded' as const),
      version: deps.version,
      store: deps.storeKind,
      database: ok ? ('ok' as const) : ('unreachable' as const),
      uptime_seconds: Math.round((Date.now() - deps.startedAt) / 1000),
    };
    return c.json(body, ok ? 200 : 503);
  });
}
