import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { errors } from '../domain/errors.ts';
import type { AppEnv } from './context.ts';
import { zodIssues } from './errors.ts';

/** A router whose validation failures become 422 FastAPI-style errors (decisions §2). */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success)
        throw errors.validation(zodIssues(result.error, result.target, (result as { data?: unknown }).data));
    },
  });
}

export { z };

/** E.164 phone number, the pattern every number field uses. */
export const e164 = z
  .string()
  .regex(/^\+[1-9]\d{1,14}$/, 'String should match pattern ^\\+[1-9]\\d{1,14}$ (E.164, e.g. +14155550123)')
  .openapi({ example: '+14155550123' });

export const ErrorSchema = z
  .object({
    detail: z.union([
      z.string(),
      z.array(
        z.object({ loc: z.array(z.union([z.string(), z.number()])), msg: z.string(), type: z.string() }),
      ),
    ]),
    error: z.object({
      code: z.string().openapi({ example: 'AGENT_NOT_FOUND' }),
      message: z.string(),
      request_id: z.string().openapi({ example: 'req_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .openapi('Error');

const errorDescriptions: Record<number, string> = {
  400: 'Bad request or bad state',
  401: 'Missing or invalid API key',
  403: 'Key not allowed (publishable key, origin, or admin-only)',
  404: 'Not found (also for another workspace’s ids)',
  409: 'Conflict (duplicate, or still referenced)',
  413: 'Payload too large',
  422: 'Validation error',
  429: 'Limit reached',
};

/** Standard error responses for an operation (401 and 422 always included). */
export function errorResponses(...statuses: number[]) {
  const all = [...new Set([401, 422, ...statuses])].sort();
  return Object.fromEntries(
    all.map((s) => [
      s,
      {
        description: errorDescriptions[s] ?? 'Error',
        content: { 'application/json': { schema: ErrorSchema } },
      },
    ]),
  );
}

/** A required JSON request body. */
export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return {
    body: {
      required: true,
      content: { 'application/json': { schema } },
      ...(description ? { description } : {}),
    },
  };
}

/** A JSON success response. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** `?limit&offset` with per-resource defaults (agents/tools/calls 20 ≤ 100; voices/deliveries 50 ≤ 200). */
export function offsetQuery(defaultLimit = 20, maxLimit = 100) {
  return z.object({
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(maxLimit)
      .default(defaultLimit)
      .openapi({ example: defaultLimit }),
    offset: z.coerce.number().int().min(0).default(0).openapi({ example: 0 }),
  });
}

/** `?limit&cursor` for cursor-paginated lists. */
export const cursorQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ example: 20 }),
  cursor: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'Opaque `next_cursor` from the previous page' }),
});

/** `{items, total, limit, offset}` */
export function offsetPage<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({
      items: z.array(item),
      total: z.number().int(),
      limit: z.number().int(),
      offset: z.number().int(),
    })
    .openapi(name);
}

/** The `GET /` operation of a resource listed in offset pages (`{items, total, limit, offset}`). */
export function offsetListRoute<T extends z.ZodType, Q extends z.ZodObject>(o: {
  tags: string[];
  summary: string;
  description?: string;
  query: Q;
  item: T;
  pageName: string;
  pageDescription: string;
}) {
  return createRoute({
    method: 'get',
    path: '/',
    tags: o.tags,
    security: secured,
    summary: o.summary,
    ...(o.description ? { description: o.description } : {}),
    request: { query: o.query },
    responses: { 200: jsonResponse(offsetPage(o.item, o.pageName), o.pageDescription), ...errorResponses() },
  });
}

/** An offset page body: the service's `{items, total}` with the request's `limit` and `offset`. */
export function offsetPageBody<P extends { items: unknown[]; total: number }>(
  page: P,
  q: { limit: number; offset: number },
) {
  return { ...page, limit: q.limit, offset: q.offset };
}

/** `{items, next_cursor, has_more, limit}` */
export function cursorPage<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({
      items: z.array(item),
      next_cursor: z.string().nullable(),
      has_more: z.boolean(),
      limit: z.number().int(),
    })
    .openapi(name);
}

/** Path parameter `{name}`; any string is accepted here so a malformed id is a 404, never a 422. */
export function idParams<K extends string>(name: K, example: string) {
  return z.object({ [name]: z.string().openapi({ param: { name, in: 'path' }, example }) } as Record<
    K,
    z.ZodString
  >);
}

/** Security requirement for secret-key routes. */
export const secured = [{ bearerAuth: [] }];

/** A JSON object with arbitrary keys. */
export const jsonObject = z.record(z.string(), z.unknown());
