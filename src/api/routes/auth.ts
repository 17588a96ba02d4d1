import { createRoute } from '@hono/zod-openapi';
import type { SessionService } from '../../domain/auth/session-service.ts';
import { errors } from '../../domain/errors.ts';
import { createRouter, errorResponses, jsonBody, jsonResponse, secured, z } from '../openapi.ts';

const Login = z
  .object({
    api_key: z
      .string()
      .max(2000)
      .optional()
      .openapi({ description: 'A secret key `oi_sk_…`', example: 'oi_sk_…' }),
    email: z
      .string()
      .max(320)
      .optional()
      .openapi({ description: 'Accepted and ignored (dashboard clients send it)' }),
    password: z.string().max(2000).optional().openapi({
      description: 'Parley has no passwords: put a secret key here if your client only has this field',
    }),
  })
  .openapi('LoginRequest', { example: { api_key: 'oi_sk_…' } });

const Session = z
  .object({
    access_token: z
      .string()
      .openapi({ description: 'Send as `Authorization: Bearer <token>` on any /v1 route' }),
    token_type: z.literal('bearer'),
    expires_at: z.string().openapi({ example: '2026-06-01T22:00:00.000Z' }),
    expires_in: z.number().int().openapi({ description: 'Seconds until expiry', example: 43200 }),
    workspace_id: z.string().openapi({ example: 'org_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
  })
  .openapi('Session');

const login = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['workspace'],
  summary: 'Dashboard login (no auth)',
  description:
    'Parley has no user passwords. Exchange a secret key (`api_key`, or `password` for clients that send `{email, password}`) for a 12-hour session JWT that works on every /v1 route exactly like that key. Deleting the key ends its sessions.',
  request: jsonBody(Login),
  responses: { 200: jsonResponse(Session, 'The session token'), ...errorResponses() },
});
const logout = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['workspace'],
  security: secured,
  summary: 'Dashboard logout',
  description:
    'Revokes the session whose token authenticates this request, on every node. 400 `NOT_A_SESSION` when called with an API key instead.',
  responses: { 204: { description: 'Logged out' }, ...errorResponses(400) },
});

/** `POST /v1/auth/login` and `POST /v1/auth/logout` (`/v1/auth/me` lives with workspaces). */
export function authRoutes(deps: { sessions: SessionService }) {
  return createRouter()
    .openapi(login, async (c) => {
      const body = c.req.valid('json');
      const key = body.api_key ?? body.password;
      if (!key)
        throw errors.validation([
          {
            loc: ['body', 'api_key'],
            msg: 'Field required (a secret key oi_sk_…, or send it as password)',
            type: 'missing',
          },
        ]);
      const { session, principal } = await deps.sessions.login(key);
      c.set('principal', principal); // so the audit log records who logged in
      return c.json(session, 200);
    })
    .openapi(logout, async (c) => {
      const token = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
      await deps.sessions.logout(token);
      return c.body(null, 204);
    });
}
