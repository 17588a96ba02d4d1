import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AuditRepo } from '../../domain/audit/audit.ts';
import { newId } from '../../domain/ids.ts';
import { type AppEnv, requestLog } from '../context.ts';

const idLike = /^[a-z]+_[0-9a-z]{26}$/;
const verbs: Record<string, string> = { POST: 'create', PATCH: 'update', PUT: 'update', DELETE: 'delete' };

/** `POST /v1/calls/call_…/stop` → `{ resourceType: 'calls', action: 'calls.stop', resourceId: 'call_…' }` */
export function describeRequest(method: string, path: string) {
  const parts = path
    .replace(/^\/v1\/?/, '')
    .split('/')
    .filter(Boolean);
  // `/v1/workspace/call-outcomes/…` is the call-outcomes resource, not the workspace.
  if (parts[0] === 'workspace' && parts.length > 1) parts.shift();
  const resourceType = parts[0] ?? 'unknown';
  const ids = parts.filter((p) => idLike.test(p));
  const words = parts.slice(1).filter((p) => !idLike.test(p));
  const verb = verbs[method] ?? method.toLowerCase();
  const tail = words.length ? words.join('.') : '';
  const action =
    method === 'POST' && tail
      ? `${resourceType}.${tail}`
      : [resourceType, tail, verb].filter(Boolean).join('.');
  return { resourceType, action, resourceId: ids[0] ?? null };
}

/** Records every mutating /v1 request made with a key; never fails the request. */
export function audit(repo: AuditRepo): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const method = c.req.method;
    if (!(method in verbs)) return next();
    let payloadHash: string | null = null;
    const type = c.req.header('content-type') ?? '';
    if (!type.startsWith('multipart/')) {
      const body = await c.req.arrayBuffer().catch(() => undefined);
      if (body && body.byteLength > 0)
        payloadHash = createHash('sha256').update(Buffer.from(body)).digest('hex');
    }
    await next();
    const principal = c.get('principal');
    if (!principal) return;
    const { resourceType, action, resourceId } = describeRequest(method, c.req.path);
    let createdId: string | null = null;
    if (!resourceId && c.res.status < 300 && c.res.headers.get('content-type')?.includes('json')) {
      const out = (await c.res
        .clone()
        .json()
        .catch(() => undefined)) as { id?: unknown } | undefined;
      if (out && typeof out.id === 'string') createdId = out.id;
    }
    try {
      await repo.insert({
        id: newId('auditEvent'),
        org_id: principal.orgId,
        api_key_id: principal.keyId,
        action,
        resource_type: resourceType,
        resource_id: resourceId ?? createdId,
        request_id: c.get('requestId'),
        ip: c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? null,
        user_agent: c.req.header('user-agent') ?? null,
        payload_hash: payloadHash,
        status_code: c.res.status,
      });
    } catch (e) {
      requestLog(c).error({ err: e }, 'audit event not recorded');
    }
  };
}
