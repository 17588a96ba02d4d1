import { decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addSttIntegration,
  callsApi,
  newAgent,
  RecordingLauncher,
  webSessionFields,
} from '../../../test/support/calls.ts';
import { createHarness, type Harness } from '../../../test/support/harness.ts';

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
    expect(Object.keys(r.body).sort()).toEqual(webSessionFields);
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
