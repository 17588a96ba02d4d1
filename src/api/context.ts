import type { Context } from 'hono';
import type { Logger } from '../lib/logger.ts';

/** Who is calling: a secret key (full access to its workspace) or a publishable key (web-call tokens only). */
export type Principal =
  | { kind: 'secret'; orgId: string; keyId: string; isAdmin: boolean }
  | { kind: 'publishable'; orgId: string; keyId: string; allowedOrigins: string[]; isActive: boolean };

/** Hono environment shared by every route. */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** The server's logger; `requestLog` binds the request to it when something is logged. */
    log: Logger;
    principal: Principal;
  };
}

/** A logger carrying the request id and, once authenticated, the workspace (made on demand: most requests log nothing). */
export function requestLog(c: Context<AppEnv>): Logger {
  const principal = c.get('principal');
  const requestId = c.get('requestId');
  return c.get('log').child(principal ? { requestId, orgId: principal.orgId } : { requestId });
}
