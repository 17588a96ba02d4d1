import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';

/**
 * CORS for `POST /v1/web-calls/token`, the one route browsers call directly (web SDK, publishable
 * key). The preflight is answered for any origin; the key's `allowed_origins` are enforced on the
 * POST itself by the auth middleware, and its answer (success or 403) carries the origin back so the
 * page can read it.
 */
export function webCallCors(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (!origin) return next();
    if (c.req.method === 'OPTIONS')
      return new Response(null, {
        status: 204,
        headers: {
          'access-control-allow-origin': origin,
          'access-control-allow-methods': 'POST, OPTIONS',
          'access-control-allow-headers': 'authorization, content-type',
          'access-control-max-age': '600',
          vary: 'Origin',
        },
      });
    await next();
    c.res.headers.set('access-control-allow-origin', origin);
    c.res.headers.append('vary', 'Origin');
  };
}
