import type { MiddlewareHandler } from 'hono';
import { errors } from '../../domain/errors.ts';
import type { AppEnv } from '../context.ts';
import { jsonDecodeError } from '../errors.ts';

const jsonType = /^application\/([\w.-]+\+)?json$/i;

/**
 * Enforces the body-size limit and parses JSON up front: a bad body is a 422 `json_invalid`,
 * and a body sent without a JSON content type (curl -d) is still read as JSON, as FastAPI does.
 */
export function jsonBodies(opts: {
  maxBytes: number;
  largeBodyPaths?: { pattern: RegExp; maxBytes: number }[];
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const method = c.req.method;
    if (method !== 'POST' && method !== 'PATCH' && method !== 'PUT') return next();
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const limit = opts.largeBodyPaths?.find((p) => p.pattern.test(c.req.path))?.maxBytes ?? opts.maxBytes;
    const declared = Number(c.req.header('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > limit) throw errors.payloadTooLarge(limit);
    if (type === 'multipart/form-data') return next();
    const buf = await c.req.arrayBuffer();
    if (buf.byteLength > limit) throw errors.payloadTooLarge(limit);
    if (buf.byteLength === 0) return next();
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(buf));
    } catch {
      throw jsonDecodeError();
    }
    if (!jsonType.test(type)) {
      const headers = new Headers(c.req.raw.headers);
      headers.set('content-type', 'application/json');
      c.req.raw = new Request(c.req.raw.url, { method, headers, body: buf });
    }
    c.req.bodyCache.json = Promise.resolve(parsed);
    return next();
  };
}
