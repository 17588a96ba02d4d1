import { decodeJwt, jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSttIntegration, callsApi, newAgent, RecordingLauncher } from '../../../test/support/calls.ts';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { publishableKey } from '../../../test/support/security.ts';
import { newId } from '../../domain/ids.ts';
import { generatePublishableKey, hashKey, keyPrefix } from '../../domain/workspace/keys.ts';

let h: Harness;
let agentId: string;
beforeAll(async () => {
  h = await createHarness();
  agentId = await newAgent(h);
  await addSttIntegration(h, h.orgId);
});
afterAll(async () => {
  await h.close();
});

const sessionFields = [
  'agent_id',
  'created_at',
  'id',
  'participant_token',
  'room_name',
  'server_url',
  'status',
  'type',
];

/** A publishable key in the default workspace with these origins and active flag. */
async function pk(allowed_origins: string[], is_active = true) {
  const key = generatePublishableKey();
  await h.store.db
    .insertInto('publishable_keys')
    .values({
      id: newId('publishableKey'),
      org_id: h.orgId,
      name: 'site',
      key_hash: hashKey(key),
      key_prefix: keyPrefix(key),
      allowed_origins: JSON.stringify(allowed_origins),
      is_active,
    })
    .execute();
  return key;
}

describe('POST /v1/calls/web', () => {
  it('201 returns the session: queued web call, web-xxxxxxxx room, built-in server_url, a token for this call', async () => {
    const r = await h.json('POST', '/v1/calls/web', {
      body: {
        agent_id: agentId,
        variables: { name: 'Ana' },
        metadata: { source: 'site' },
        overrides: { first_message: 'Hi' },
      },
    });
    expect(r.status).toBe(201);
    expect(Object.keys(r.body).sort()).toEqual(sessionFields);
    expect(r.body).toMatchObject({
      agent_id: agentId,
      type: 'web',
      status: 'queued',
      server_url: 'ws://localhost:3000/v1/web-calls/stream',
    });
    expect(r.body.room_name).toMatch(/^web-[0-9a-f]{8}$/);
    const claims = decodeJwt(r.body.participant_token);
    expect(claims).toMatchObject({ sub: r.body.id, room: r.body.room_name });
    expect(claims.exp! - claims.iat!).toBe(600);
    const call = await h.json('GET', `/v1/calls/${r.body.id}`);
    expect(call.body).toMatchObject({
      type: 'web',
      direction: 'inbound',
      room_name: r.body.room_name,
      variables: { name: 'Ana' },
      metadata: { source: 'site' },
      overrides: { first_message: 'Hi' },
      from_number: null,
      to_number: null,
    });
  });

  it('201 hands the web call to the launcher', async () => {
    const launcher = new RecordingLauncher(h);
    const api = await callsApi(h, { launcher });
    const r = await api.json('POST', '/v1/calls/web', { body: { agent_id: agentId } });
    expect(r.status).toBe(201);
    expect(launcher.launched).toEqual([r.body.id]);
  });

  it('201 with LiveKit configured: a LiveKit room token for the room and LIVEKIT_URL', async () => {
    const secret = 'lk-secret-0123456789abcdef0123456789';
    const api = await callsApi(h, {
      env: { LIVEKIT_URL: 'wss://lk.example.com', LIVEKIT_API_KEY: 'APIkey1', LIVEKIT_API_SECRET: secret },
    });
    const r = await api.json('POST', '/v1/calls/web', { body: { agent_id: agentId } });
    expect(r.status).toBe(201);
    expect(r.body.server_url).toBe('wss://lk.example.com');
    const { payload } = await jwtVerify(r.body.participant_token, new TextEncoder().encode(secret));
    expect(payload).toMatchObject({ iss: 'APIkey1', video: { roomJoin: true, room: r.body.room_name } });
    expect(payload.exp! - payload.nbf!).toBe(600);
  });

  it('400 PROVIDER_NOT_CONFIGURED naming LIVEKIT_API_SECRET when only part of LiveKit is set, creating no call', async () => {
    const api = await callsApi(h, {
      env: { LIVEKIT_URL: 'wss://lk.example.com', LIVEKIT_API_KEY: 'APIkey1' },
    });
    const before = await h.json('GET', '/v1/calls?limit=1');
    const r = await api.json('POST', '/v1/calls/web', { body: { agent_id: agentId } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('PROVIDER_NOT_CONFIGURED');
    expect(r.body.error.message).toContain('LIVEKIT_API_SECRET');
    expect((await h.json('GET', '/v1/calls?limit=1')).body.total).toBe(before.body.total);
  });

  it('400 PROVIDER_NOT_CONFIGURED when the workspace has no speech-to-text provider', async () => {
    const ws = await h.newWorkspace();
    const agent = await newAgent(h, ws.key);
    const r = await h.json('POST', '/v1/calls/web', { key: ws.key, body: { agent_id: agent } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('PROVIDER_NOT_CONFIGURED');
    expect(r.body.error.message).toContain('DEEPGRAM_API_KEY');
  });

  it('404 AGENT_NOT_FOUND for an unknown agent', async () => {
    const r = await h.json('POST', '/v1/calls/web', { body: { agent_id: 'agt_01jd8x2k3m4n5p6q7r8s9t0v1w' } });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('AGENT_NOT_FOUND');
  });

  const invalid: [string, Record<string, unknown>, (string | number)[]][] = [
    ['missing agent_id', {}, ['body', 'agent_id']],
    ['variables as array', { agent_id: 'x', variables: [] }, ['body', 'variables']],
    ['metadata as number', { agent_id: 'x', metadata: 1 }, ['body', 'metadata']],
    [
      'overrides.tts.speed 9',
      { agent_id: 'x', overrides: { tts: { speed: 9 } } },
      ['body', 'overrides', 'tts', 'speed'],
    ],
    ['overrides unknown key', { agent_id: 'x', overrides: { model: 'x' } }, ['body', 'overrides', 'model']],
  ];
  for (const [label, body, loc] of invalid) {
    it(`422 ${label}`, async () => {
      const r = await h.json('POST', '/v1/calls/web', { body });
      expect(r.status).toBe(422);
      expect(r.body.detail.map((d: { loc: unknown }) => d.loc)).toContainEqual(loc);
    });
  }
});

describe('POST /v1/web-calls/token', () => {
  it('201 with a publishable key that allows any origin: the same session shape', async () => {
    const r = await h.json('POST', '/v1/web-calls/token', {
      key: await publishableKey(h),
      body: { agent_id: agentId, metadata: { source: 'homepage_widget' } },
    });
    expect(r.status).toBe(201);
    expect(Object.keys(r.body).sort()).toEqual(sessionFields);
    expect(r.body).toMatchObject({ type: 'web', status: 'queued', agent_id: agentId });
    expect((await h.json('GET', `/v1/calls/${r.body.id}`)).body.metadata).toEqual({
      source: 'homepage_widget',
      concurrency_at_dispatch: expect.any(Number),
    });
  });

  it('201 from an allowed origin', async () => {
    const key = await pk(['https://shop.example']);
    const r = await h.json('POST', '/v1/web-calls/token', {
      key,
      body: { agent_id: agentId },
      headers: { origin: 'https://shop.example' },
    });
    expect(r.status).toBe(201);
  });

  it('201 with a secret key too (a server may mint browser sessions)', async () => {
    const r = await h.json('POST', '/v1/web-calls/token', { body: { agent_id: agentId } });
    expect(r.status).toBe(201);
  });

  it('403 ORIGIN_NOT_ALLOWED from another origin or with no Origin header', async () => {
    const key = await pk(['https://shop.example']);
    for (const headers of [{ origin: 'https://evil.example' }, {}]) {
      const r = await h.json('POST', '/v1/web-calls/token', { key, body: { agent_id: agentId }, headers });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('ORIGIN_NOT_ALLOWED');
    }
  });

  it('401 without a key, with a bad key, or with a disabled publishable key', async () => {
    for (const key of [null, 'oi_pk_live_nope', await pk([], false)]) {
      const r = await h.json('POST', '/v1/web-calls/token', { key, body: { agent_id: agentId } });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('UNAUTHORIZED');
    }
  });

  it('422 naming the rule when overrides are sent (even null or empty)', async () => {
    for (const overrides of [{ tts: { voice_id: 'vc_x' } }, {}, null]) {
      const r = await h.json('POST', '/v1/web-calls/token', {
        key: await publishableKey(h),
        body: { agent_id: agentId, overrides },
      });
      expect(r.status).toBe(422);
      expect(r.body.detail[0].loc).toEqual(['body', 'overrides']);
      expect(r.body.detail[0].msg).toContain('overrides are not allowed');
    }
  });

  it('404 AGENT_NOT_FOUND for another workspace’s agent', async () => {
    const other = await h.newWorkspace();
    const theirs = await newAgent(h, other.key);
    const r = await h.json('POST', '/v1/web-calls/token', {
      key: await publishableKey(h),
      body: { agent_id: theirs },
    });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('AGENT_NOT_FOUND');
  });

  it('422 without agent_id', async () => {
    const r = await h.json('POST', '/v1/web-calls/token', { key: await publishableKey(h), body: {} });
    expect(r.status).toBe(422);
    expect(r.body.detail[0].loc).toEqual(['body', 'agent_id']);
  });
});

describe('verifyParticipantToken', () => {
  async function session() {
    const r = await h.json('POST', '/v1/calls/web', { body: { agent_id: agentId } });
    expect(r.status).toBe(201);
    return r.body as { id: string; room_name: string; participant_token: string };
  }

  it('accepts a fresh token once, then refuses it (single use)', async () => {
    const s = await session();
    const tokens = h.core.participantTokens;
    expect(await tokens.verifyParticipantToken(s.participant_token)).toEqual({
      orgId: h.orgId,
      callId: s.id,
      roomName: s.room_name,
    });
    await expect(tokens.verifyParticipantToken(s.participant_token)).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      publicMessage: expect.stringContaining('already used'),
    });
  });

  it('is single-use across nodes: concurrent verifications on two nodes admit exactly one', async () => {
    const s = await session();
    const otherNode = (await callsApi(h)).participantTokens;
    const results = await Promise.allSettled([
      h.core.participantTokens.verifyParticipantToken(s.participant_token),
      otherNode.verifyParticipantToken(s.participant_token),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('refuses an expired token', async () => {
    const s = await session();
    h.clock.advance(600_000 + 1000);
    await expect(h.core.participantTokens.verifyParticipantToken(s.participant_token)).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      publicMessage: expect.stringContaining('expired'),
    });
  });

  it('refuses a token for a call that was stopped', async () => {
    const s = await session();
    expect((await h.json('POST', `/v1/calls/${s.id}/stop`)).body.status).toBe('failed');
    await expect(h.core.participantTokens.verifyParticipantToken(s.participant_token)).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('refuses garbage and a forged or altered token, without consuming the genuine one', async () => {
    const s = await session();
    const claims = decodeJwt(s.participant_token);
    const forged = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('not-the-server-key-0123456789abcdef'));
    for (const token of ['nope', forged, `${s.participant_token}x`]) {
      await expect(h.core.participantTokens.verifyParticipantToken(token)).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
      });
    }
    // The genuine token still works: failed attempts do not consume it.
    expect((await h.core.participantTokens.verifyParticipantToken(s.participant_token)).callId).toBe(s.id);
  });

  it('refuses a correctly signed token whose call does not match its record', async () => {
    const a = await session();
    const b = await session();
    const key = Buffer.from(h.core.secrets.sign('web-call-token', 'hs256-key-v1'), 'base64url');
    const swapped = await new SignJWT({ ...decodeJwt(a.participant_token), sub: b.id })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(key);
    await expect(h.core.participantTokens.verifyParticipantToken(swapped)).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });
});
