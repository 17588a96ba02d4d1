import type { Context, MiddlewareHandler } from 'hono';
import { errors } from '../../domain/errors.ts';
import { originAllowed } from '../../domain/publishable-key/allowed-origins.ts';
import type { KeyLookup } from '../../domain/workspace/workspace.ts';
import type { WorkspaceService } from '../../domain/workspace/workspace-service.ts';
import type { AppEnv, Principal } from '../context.ts';

/** Paths (exact, method POST) where a publishable key is accepted. */
const publishableRoutes = new Set(['POST /v1/web-calls/token']);

/**
 * Bearer authentication for /v1: secret keys everywhere; publishable keys only on the web-call
 * token route, only when active and only from their allowed origins.
 */
export function authenticate(
  workspaces: WorkspaceService,
  open: (method: string, path: string) => boolean,
  sessions?: { authenticate(token: string): Promise<KeyLookup | undefined> },
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (open(c.req.method, c.req.path)) return next();
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw errors.unauthorized();
    // A dashboard session token (POST /v1/auth/login) stands for the secret key it was made from.
    const found = (await workspaces.authenticate(match[1]!)) ?? (await sessions?.authenticate(match[1]!));
    if (!found) throw errors.unauthorized('Invalid API key.');
    if (found.kind === 'publishable') {
      if (!publishableRoutes.has(`${c.req.method} ${c.req.path.replace(/\/+$/, '')}`))
        throw errors.forbidden(
          'Publishable keys can only create web-call tokens (POST /v1/web-calls/token). Use a secret key (oi_sk_…).',
        );
      if (!found.isActive) throw errors.unauthorized('This publishable key is disabled.');
      if (!originAllowed(found.allowedOrigins, c.req.header('origin'))) throw errors.originNotAllowed();
    }
    c.set('principal', found as Principal);
    return next();
  };
}

/** The caller's workspace id (secret or publishable key). */
export function orgOf(c: Context<AppEnv>): string {
  return c.get('principal').orgId;
}

/** Throws 403 unless the caller holds the platform admin key. */
export function requireAdmin(c: Context<AppEnv>): void {
  const p = c.get('principal');
  if (p.kind !== 'secret' || !p.isAdmin)
    throw errors.forbidden('This operation needs the platform admin key.');
}

/** Throws 403 unless the caller used a secret key. */
export function requireSecret(c: Context<AppEnv>): void {
  if (c.get('principal').kind !== 'secret')
    throw errors.forbidden('This operation needs a secret key (oi_sk_…).');
}
