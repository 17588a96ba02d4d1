import { decodeJwt, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSttIntegration, callsApi, newAgent } from '../../../test/support/calls.ts';
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
