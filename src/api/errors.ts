import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { AppError, type ErrorKind, errors, type ValidationIssue } from '../domain/errors.ts';
import type { AppEnv } from './context.ts';

/** The only map from error kind to HTTP status. */
export function statusOf(kind: ErrorKind): ContentfulStatusCode {
  switch (kind) {
    case 'bad_request':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'payload_too_large':
      return 413;
    case 'validation':
      return 422;
    case 'rate_limited':
      return 429;
    case 'provider_unavailable':
      return 502;
    case 'internal':
      return 500;
  }
}

/** Error body per decisions §2: `{detail, error: {code, message, request_id}}`. */
export function errorBody(err: AppError, requestId: string) {
  return {
    detail: err.issues ?? err.publicMessage,
    error: {
      code: err.code,
      message: err.publicMessage,
      request_id: requestId,
      ...(err.details ? { details: err.details } : {}),
    },
  };
}

export function respondError(c: Context<AppEnv>, err: AppError): Response {
  if (err.retryAfterSeconds !== undefined) c.header('Retry-After', String(err.retryAfterSeconds));
  return c.json(errorBody(err, c.get('requestId') ?? 'req_unknown'), statusOf(err.kind));
}

/** Convert anything thrown into an AppError; unknown errors become INTERNAL (logged, never sent). */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof HTTPException) {
    if (e.status === 413) return errors.payloadTooLarge(0);
    if (e.status === 400 && /json/i.test(e.message)) return jsonDecodeError();
    if (e.status === 400) return errors.badRequest('BAD_REQUEST', e.message);
    if (e.status === 401) return errors.unauthorized();
    if (e.status === 404) return errors.notFound('route');
  }
  return errors.internal(e);
}

export function jsonDecodeError(): AppError {
  return errors.validation([
    { loc: ['body'], msg: 'JSON decode error: the body is not valid JSON', type: 'json_invalid' },
  ]);
}

const sizeWords: Record<string, string> = { string: 'character', array: 'item', set: 'item', file: 'byte' };
const plural = (n: unknown, word: string) => `${String(n)} ${word}${n === 1 ? '' : 's'}`;

/** zod issues → FastAPI-style `[{loc, msg, type}]`, with `loc` starting at the request part. */
export function zodIssues(error: ZodError, target: string, input?: unknown): ValidationIssue[] {
  // zod v4 omits `input` from issues, so "missing" is decided from the request data itself.
  const absent = (path: PropertyKey[]) => {
    if (input === undefined) return /received undefined/.test(String(error.message));
    let v: unknown = input;
    for (const k of path) {
      if (v === null || typeof v !== 'object') return true;
      v = (v as Record<PropertyKey, unknown>)[k];
    }
    return v === undefined;
  };
  const out: ValidationIssue[] = [];
  const part = target === 'json' || target === 'form' ? 'body' : target === 'param' ? 'path' : target;
  for (const issue of error.issues) {
    const loc = [part, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    const i = issue as typeof issue & Record<string, unknown>;
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys)
          out.push({ loc: [...loc, key], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' });
        continue;
      case 'invalid_type':
        if (absent(issue.path)) out.push({ loc, msg: 'Field required', type: 'missing' });
        else
          out.push({
            loc,
            msg: `Input should be a valid ${String(i.expected)}`,
            type: `${String(i.expected)}_type`,
          });
        continue;
      case 'too_small': {
        const origin = String(i.origin);
        if (origin === 'number' || origin === 'int' || origin === 'bigint')
          out.push({
            loc,
            msg: `Input should be greater than${i.inclusive ? ' or equal to' : ''} ${String(i.minimum)}`,
            type: i.inclusive ? 'greater_than_equal' : 'greater_than',
          });
        else
          out.push({
            loc,
            msg: `${origin === 'string' ? 'String' : 'List'} should have at least ${plural(i.minimum, sizeWords[origin] ?? 'item')}`,
            type: origin === 'string' ? 'string_too_short' : 'too_short',
          });
        continue;
      }
      case 'too_big': {
        const origin = String(i.origin);
        if (origin === 'number' || origin === 'int' || origin === 'bigint')
          out.push({
            loc,
            msg: `Input should be less than${i.inclusive ? ' or equal to' : ''} ${String(i.maximum)}`,
            type: i.inclusive ? 'less_than_equal' : 'less_than',
          });
        else
          out.push({
            loc,
            msg: `${origin === 'string' ? 'String' : 'List'} should have at most ${plural(i.maximum, sizeWords[origin] ?? 'item')}`,
            type: origin === 'string' ? 'string_too_long' : 'too_long',
          });
        continue;
      }
      case 'invalid_format':
        out.push({
          loc,
          msg: issue.message,
          type: i.format === 'regex' ? 'string_pattern_mismatch' : `${String(i.format)}_format`,
        });
        continue;
      case 'invalid_value':
        if (absent(issue.path)) out.push({ loc, msg: 'Field required', type: 'missing' });
        else
          out.push({
            loc,
            msg: `Input should be ${(i.values as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
            type: 'enum',
          });
        continue;
      case 'invalid_key':
        out.push({
          loc,
          msg: `Invalid key in object: ${(i.issues as { message: string }[] | undefined)?.[0]?.message ?? issue.message}`,
          type: 'value_error',
        });
        continue;
      case 'invalid_union':
        if (absent(issue.path)) out.push({ loc, msg: 'Field required', type: 'missing' });
        else out.push({ loc, msg: issue.message, type: 'union_tag_invalid' });
        continue;
      default:
        out.push({ loc, msg: issue.message, type: 'value_error' });
    }
  }
  return out;
}
