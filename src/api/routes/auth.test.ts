import { decodeJwt, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { publishableKey, runSecurityCases } from '../../../test/support/security.ts';
import { dashboardSessionTokens } from '../../compose-account.ts';
import { SessionService } from '../../domain/auth/session-service.ts';
import { PgSessionRepo } from '../../store/auth-sessions-repo.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

async function login(body: Record<string, unknown>) {
  return h.json('POST', '/v1/auth/login', { key: null, body });
}
async function session(key = h.adminKey) {
  const r = await login({ api_key: key });
  expect(r.status).toBe(200);
  return r.body.access_token as string;
}

describe('POST /v1/auth/login', () => {
  it('200 exchanges a secret key for a 12 h bearer JWT, without any Authorization header', async () => {
    const r = await login({ api_key: h.adminKey });
    expect(r.status).toBe(200);
    const nowS = Math.floor(h.clock.now() / 1000);
    expect(r.body).toMatchObject({ token_type: 'bearer', expires_in: 43_200, workspace_id: h.orgId });
    expect(r.body.expires_at).toBe(new Date((nowS + 43_200) * 1000).toISOString());
    const claims = decodeJwt(r.body.access_token);
    expect(claims).toMatchObject({ iss: 'parley', aud: 'parley:dashboard', org: h.orgId, iat: nowS });
    expect(claims.sub).toMatch(/^key_/);
    expect(claims.jti).toEqual(expect.any(String));
  });

  it('200 with {email, password} where the password is the key', async () => {
    const r = await login({ email: 'me@example.com', password: h.adminKey });
    expect(r.status).toBe(200);
    expect(r.body.workspace_id).toBe(h.orgId);
  });

  it('the token works on every /v1 route exactly like its key', async () => {
    const ws = await h.newWorkspace();
    const token = await session(ws.key);
    const me = await h.json('GET', '/v1/auth/me', { key: token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ workspace_id: ws.orgId, is_admin: false });
    expect(me.body.key_id).toBe(decodeJwt(token).sub);
    const created = await h.json('POST', '/v1/agents', { key: token, body: { name: 'via session' } });
    expect(created.status).toBe(201);
    expect((await h.json('GET', `/v1/agents/${created.body.id}`, { key: ws.key })).status).toBe(200);
    expect((await h.json('GET', '/v1/workspaces', { key: token })).status).toBe(403);
    const adminToken = await session(h.adminKey);
    expect((await h.json('GET', '/v1/workspaces', { key: adminToken })).status).toBe(200);
  });

  it('records the login and the session’s requests under the key in the audit log', async () => {
    const ws = await h.newWorkspace();
    const token = await session(ws.key);
    await h.json('POST', '/v1/agents', { key: token, body: { name: 'x' } });
    const keyId = decodeJwt(token).sub;
    const page = (await h.json('GET', '/v1/audit-events', { key: ws.key })).body;
    expect(page.items.map((e: { action: string; api_key_id: string }) => [e.action, e.api_key_id])).toEqual([
      ['agents.create', keyId],
      ['auth.login', keyId],
    ]);
  });

  it('401 for an unknown key, a publishable key, or a session token', async () => {
    for (const k of ['oi_sk_nope', await publishableKey(h), await session(), 'hunter2']) {
      const r = await login({ api_key: k });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('UNAUTHORIZED');
    }
  });

  const invalid: [string, Record<string, unknown>, (string | number)[]][] = [
    ['no key at all', {}, ['body', 'api_key']],
    ['only an email', { email: 'me@example.com' }, ['body', 'api_key']],
    ['api_key not a string', { api_key: 42 }, ['body', 'api_key']],
  ];
  for (const [label, body, loc] of invalid)
    it(`422 ${label}`, async () => {
      const r = await login(body);
      expect(r.status).toBe(422);
      expect(r.body.detail.map((d: { loc: unknown }) => d.loc)).toContainEqual(loc);
    });
});

describe('session tokens on /v1', () => {
  it('401 for a tampered token or one signed with another key', async () => {
    const token = await session();
    const [head, body, sig] = token.split('.');
    const tampered = `${head}.${body}.${sig!.slice(0, -2)}${sig!.endsWith('A') ? 'B' : 'A'}A`;
    const forged = await new SignJWT({ org: h.orgId })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('parley')
      .setAudience('parley:dashboard')
      .setSubject(decodeJwt(token).sub!)
      .setJti(decodeJwt(token).jti!)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new Uint8Array(32));
    for (const t of [tampered, forged])
      expect((await h.json('GET', '/v1/agents', { key: t })).status).toBe(401);
  });

  it('401 once the API key it came from is deleted', async () => {
    const key = (await h.json('POST', '/v1/api-keys', { body: { name: 'dash' } })).body;
    const token = await session(key.key);
    expect((await h.json('GET', '/v1/agents', { key: token })).status).toBe(200);
    expect((await h.request('DELETE', `/v1/api-keys/${key.id}`)).status).toBe(204);
    expect((await h.json('GET', '/v1/agents', { key: token })).status).toBe(401);
  });
});

describe('POST /v1/auth/logout', () => {
  it('204 revokes the session for every node; the key itself keeps working', async () => {
    const token = await session();
    const otherNode = new SessionService(
      new PgSessionRepo(h.store.db),
      dashboardSessionTokens(h.core.secrets),
      h.core.workspaces,
      h.clock,
    );
    expect(await otherNode.authenticate(token)).toMatchObject({ kind: 'secret', orgId: h.orgId });
    expect((await h.request('POST', '/v1/auth/logout', { key: token })).status).toBe(204);
    expect(await otherNode.authenticate(token)).toBeUndefined();
    expect((await h.json('GET', '/v1/agents', { key: token })).status).toBe(401);
    expect((await h.json('POST', '/v1/auth/logout', { key: token })).status).toBe(401);
    expect((await h.json('GET', '/v1/agents')).status).toBe(200);
  });

  it('400 NOT_A_SESSION when called with an API key', async () => {
    const r = await h.json('POST', '/v1/auth/logout');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('NOT_A_SESSION');
  });

  it('sessions expire after 12 hours (on the injected clock)', async () => {
    const token = await session();
    h.clock.advance(12 * 3_600_000 - 1_000);
    expect((await h.json('GET', '/v1/agents', { key: token })).status).toBe(200);
    h.clock.advance(1_000);
    expect((await h.json('GET', '/v1/agents', { key: token })).status).toBe(401);
  });
});

runSecurityCases('auth', () => h, [{ method: 'POST', prepare: async () => ({ path: '/v1/auth/logout' }) }]);
