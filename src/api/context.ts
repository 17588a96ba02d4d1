import type { Logger } from '../lib/logger.ts';

/** Who is calling: a secret key (full access to its workspace) or a publishable key (web-call tokens only). */
export type Principal =
  | { kind: 'secret'; orgId: string; keyId: string; isAdmin: boolean }
  | { kind: 'publishable'; orgId: string; keyId: string; allowedOrigins: string[]; isActive: boolean };

/** Hono environment shared by every route. */
export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    principal: Principal;
  };
}
