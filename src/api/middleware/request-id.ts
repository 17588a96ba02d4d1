import type { MiddlewareHandler } from 'hono';
import { newId } from '../../domain/ids.ts';
import type { Logger } from '../../lib/logger.ts';
import type { AppEnv } from '../context.ts';

/** Gives every request a `req_…` id (which `requestLog` binds) and an `X-Request-Id` response header. */
export function requestId(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const id = newId('request');
    c.set('requestId', id);
    c.set('log', logger);
    c.header('X-Request-Id', id);
    await next();
    c.res.headers.set('X-Request-Id', id);
  };
}
