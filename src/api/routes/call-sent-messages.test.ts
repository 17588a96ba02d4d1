import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCallRow } from '../../../test/support/calls.ts';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { newAgent } from '../../../test/support/phone-numbers.ts';
import { runSecurityCases } from '../../../test/support/security.ts';
import { newId } from '../../domain/ids.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

/** A call row in a workspace (the engine's side is not needed to log sends). */
async function newCall(ws: { orgId: string; key?: string } = { orgId: h.orgId }) {
  const agentId = await newAgent(h, ws.key);
  const call = await h.core.callRepo.insert(
    ws.orgId,
    newCallRow(agentId, { from_number: '+15550100000', to_number: '+14155550123', carrier: 'sim' }),
  );
  if (call === 'daily_cap_reached') throw new Error('daily cap');
  return call.id;
}

const sms = (callId: string) => ({
  callId,
  toolName: 'text_link',
  channel: 'sms' as const,
  provider: 'sim',
  providerMessageId: 'msg_01jd8x2k3m4n5p6q7r8s9t0v1w',
  from: '+15550100000',
  to: '+14155550123',
  subject: null,
  body: 'Here is your link',
  status: 'sent' as const,
  error: null,
});

describe('GET /v1/calls/{call_id}/sent-messages', () => {
  it('200 with no items for a call that sent nothing', async () => {
    const callId = await newCall();
    const r = await h.json('GET', `/v1/calls/${callId}/sent-messages`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ items: [] });
  });

  it('200 lists the call’s texts and emails oldest first, failures with their error', async () => {
    const callId = await newCall();
    const other = await newCall();
    await h.core.sentMessages.record(h.orgId, sms(callId));
    await h.core.sentMessages.record(h.orgId, sms(other));
    await h.core.sentMessages.record(h.orgId, {
      ...sms(callId),
      channel: 'email',
      provider: 'resend',
      providerMessageId: null,
      from: null,
      to: 'jane@example.com',
      subject: 'Summary',
      status: 'failed',
      error: 'sending the email failed: resend rejected the credentials',
    });
    const r = await h.json('GET', `/v1/calls/${callId}/sent-messages`);
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([
      {
        id: expect.stringMatching(/^msg_[0-9a-z]{26}$/),
        call_id: callId,
        tool_name: 'text_link',
        channel: 'sms',
        provider: 'sim',
        provider_message_id: 'msg_01jd8x2k3m4n5p6q7r8s9t0v1w',
        from: '+15550100000',
        to: '+14155550123',
        subject: null,
        body: 'Here is your link',
        status: 'sent',
        error: null,
        created_at: expect.stringMatching(/Z$/),
      },
      expect.objectContaining({
        channel: 'email',
        from: null,
        subject: 'Summary',
        status: 'failed',
        error: 'sending the email failed: resend rejected the credentials',
      }),
    ]);
  });

  it('404 CALL_NOT_FOUND for an unknown or malformed id', async () => {
    for (const id of [newId('call'), 'not-a-call']) {
      const r = await h.json('GET', `/v1/calls/${id}/sent-messages`);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('CALL_NOT_FOUND');
    }
  });
});

describe('OpenAPI', () => {
  it('documents the operation and its schema', async () => {
    const r = await h.json('GET', '/v1/openapi.json', { key: null });
    const op = r.body.paths['/v1/calls/{call_id}/sent-messages'].get;
    expect(op.summary).toBe('List messages sent during a call');
    expect(op.description).toContain('sim');
    expect(Object.keys(r.body.components.schemas.SentMessage.properties)).toContain('provider_message_id');
  });
});

runSecurityCases('call sent messages', () => h, [
  {
    method: 'GET',
    scoped: true,
    prepare: async () => ({ path: `/v1/calls/${await newCall()}/sent-messages` }),
  },
]);
