import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { newAgent as newAgentIn, registerNumber } from '../../../test/support/phone-numbers.ts';

let h: Harness;
/** Agents shared by every test: a number's own agent, a routing agent, a fallback and a spare. */
let agents: { agent: string; primary: string; backup: string; spare: string };
beforeAll(async () => {
  h = await createHarness();
  const [agent, primary, backup, spare] = await Promise.all([1, 2, 3, 4].map(() => newAgentIn(h)));
  agents = { agent: agent!, primary: primary!, backup: backup!, spare: spare! };
});
afterAll(async () => {
  await h.close();
});

const missingId = 'phn_01jd8x2k3m4n5p6q7r8s9t0v1w';
const missingAgent = 'agt_01jd8x2k3m4n5p6q7r8s9t0v1w';

/** A number with full routing: primary, fallback and voicemail. */
async function routed() {
  const { agent, primary, backup } = agents;
  const n = await registerNumber(h, {
    agent_id: agent,
    inbound_routing: {
      agent_id: primary,
      fallback: { agent_id: backup },
      voicemail_message: 'Leave a message',
    },
  });
  return { n, agent, primary, backup };
}

const patch = (id: string, body: unknown) => h.json('PATCH', `/v1/phone-numbers/${id}`, { body });

describe('PATCH /v1/phone-numbers/{phone_id}', () => {
  it('200 updates friendly_name and keeps everything else', async () => {
    const { n } = await routed();
    const r = await patch(n.id, { friendly_name: 'Support Line' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ...n, friendly_name: 'Support Line', updated_at: r.body.updated_at });
  });

  it('200 reassigns agent_id, and null unassigns it', async () => {
    const { n } = await routed();
    const other = agents.spare;
    expect((await patch(n.id, { agent_id: other })).body.agent_id).toBe(other);
    expect((await patch(n.id, { agent_id: null })).body.agent_id).toBeNull();
  });

  it('200 status inactive and back to active', async () => {
    const { n } = await routed();
    expect((await patch(n.id, { status: 'inactive' })).body.status).toBe('inactive');
    expect((await patch(n.id, { status: 'active' })).body.status).toBe('active');
  });

  describe('inbound_routing merge semantics', () => {
    it('omitting inbound_routing keeps it', async () => {
      const { n } = await routed();
      expect((await patch(n.id, { friendly_name: 'x' })).body.inbound_routing).toEqual(n.inbound_routing);
    });
    it('explicit null on fallback clears only the fallback', async () => {
      const { n, primary } = await routed();
      const r = await patch(n.id, { inbound_routing: { fallback: null } });
      expect(r.body.inbound_routing).toEqual({
        agent_id: primary,
        fallback: null,
        voicemail_message: 'Leave a message',
      });
    });
    it('omitting inbound_routing.agent_id keeps the routing agent while other keys change', async () => {
      const { n, primary, backup } = await routed();
      const r = await patch(n.id, { inbound_routing: { voicemail_message: 'New message' } });
      expect(r.body.inbound_routing).toEqual({
        agent_id: primary,
        fallback: { agent_id: backup },
        voicemail_message: 'New message',
      });
    });
    it('a new fallback replaces the old one', async () => {
      const { n, primary } = await routed();
      const next = agents.spare;
      const r = await patch(n.id, { inbound_routing: { fallback: { agent_id: next } } });
      expect(r.body.inbound_routing).toMatchObject({ agent_id: primary, fallback: { agent_id: next } });
    });
    it('null agent_id clears the routing agent (calls go to the number’s agent)', async () => {
      const { n, agent } = await routed();
      const r = await patch(n.id, { inbound_routing: { agent_id: null } });
      expect(r.body.inbound_routing.agent_id).toBeNull();
      expect((await h.json('GET', `/v1/phone-numbers/${n.id}/inbound-routing`)).body.agent_id).toBe(agent);
    });
    it('inbound_routing: null clears the whole routing', async () => {
      const { n } = await routed();
      expect((await patch(n.id, { inbound_routing: null })).body.inbound_routing).toBeNull();
    });
    it('setting routing on a number without any starts from empty', async () => {
      const n = await registerNumber(h, { agent_id: agents.agent });
      const r = await patch(n.id, { inbound_routing: { voicemail_message: 'Closed' } });
      expect(r.body.inbound_routing).toEqual({ agent_id: null, fallback: null, voicemail_message: 'Closed' });
    });
  });

  it('404 AGENT_NOT_FOUND for an unknown agent, routing agent or fallback agent; nothing changes', async () => {
    const { n } = await routed();
    for (const body of [
      { agent_id: missingAgent },
      { inbound_routing: { agent_id: missingAgent } },
      { inbound_routing: { fallback: { agent_id: missingAgent } } },
    ]) {
      const r = await patch(n.id, body);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('AGENT_NOT_FOUND');
    }
    expect((await h.json('GET', `/v1/phone-numbers/${n.id}`)).body).toEqual(n);
  });

  const invalid: [string, unknown, (string | number)[], string][] = [
    ['an unknown field', { nmae: 'x' }, ['body', 'nmae'], 'extra_forbidden'],
    [
      'an unknown routing field',
      { inbound_routing: { agent: 'x' } },
      ['body', 'inbound_routing', 'agent'],
      'extra_forbidden',
    ],
    [
      'an unknown fallback field',
      { inbound_routing: { fallback: { agent_id: 'a', x: 1 } } },
      ['body', 'inbound_routing', 'fallback', 'x'],
      'extra_forbidden',
    ],
    ['a bad status', { status: 'paused' }, ['body', 'status'], 'enum'],
    [
      'a friendly_name too long',
      { friendly_name: 'x'.repeat(256) },
      ['body', 'friendly_name'],
      'string_too_long',
    ],
    ['a non-object routing', { inbound_routing: 'agent' }, ['body', 'inbound_routing'], 'model_type'],
  ];
  for (const [label, body, loc] of invalid) {
    it(`422 for ${label}`, async () => {
      const { n } = await routed();
      const r = await patch(n.id, body);
      expect(r.status).toBe(422);
      expect(r.body.detail.map((d: { loc: unknown }) => d.loc)).toContainEqual(loc);
    });
  }

  it('404 for an unknown number', async () => {
    expect((await patch(missingId, { friendly_name: 'x' })).status).toBe(404);
  });
});

describe('GET /v1/phone-numbers/{phone_number_id}/inbound-routing', () => {
  it('200 returns the routing', async () => {
    const { n, primary, backup } = await routed();
    const r = await h.json('GET', `/v1/phone-numbers/${n.id}/inbound-routing`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      agent_id: primary,
      fallback: { agent_id: backup },
      voicemail_message: 'Leave a message',
    });
  });
  it('200 falls back to the number’s agent when no routing is set', async () => {
    const n = await registerNumber(h, { agent_id: agents.agent });
    const r = await h.json('GET', `/v1/phone-numbers/${n.id}/inbound-routing`);
    expect(r.body).toEqual({ agent_id: n.agent_id, fallback: null, voicemail_message: null });
  });
  it('404 for an unknown number', async () => {
    expect((await h.json('GET', `/v1/phone-numbers/${missingId}/inbound-routing`)).status).toBe(404);
  });
});

describe('POST /v1/phone-numbers/{phone_number_id}/inbound-routing', () => {
  it('201 replaces the routing, activates the number and returns the phone-number object', async () => {
    const { n } = await routed();
    await patch(n.id, { status: 'inactive' });
    const agent = agents.spare;
    const r = await h.json('POST', `/v1/phone-numbers/${n.id}/inbound-routing`, {
      body: { agent_id: agent },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      id: n.id,
      phone_number: n.phone_number,
      status: 'active',
      inbound_routing: { agent_id: agent, fallback: null, voicemail_message: null },
    });
  });
  it('422 without agent_id', async () => {
    const { n } = await routed();
    const r = await h.json('POST', `/v1/phone-numbers/${n.id}/inbound-routing`, {
      body: { voicemail_message: 'x' },
    });
    expect(r.status).toBe(422);
    expect(r.body.detail[0].loc).toEqual(['body', 'agent_id']);
  });
  it('404 AGENT_NOT_FOUND for an unknown agent', async () => {
    const { n } = await routed();
    const r = await h.json('POST', `/v1/phone-numbers/${n.id}/inbound-routing`, {
      body: { agent_id: missingAgent },
    });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('AGENT_NOT_FOUND');
  });
  it('404 for an unknown number', async () => {
    const r = await h.json('POST', `/v1/phone-numbers/${missingId}/inbound-routing`, {
      body: { agent_id: agents.spare },
    });
    expect(r.status).toBe(404);
  });
});

describe('PhoneNumberService lookups for calls', () => {
  it('findByNumber finds a number only in its own workspace', async () => {
    const n = await registerNumber(h, { agent_id: agents.agent });
    expect(await h.core.phoneNumbers.findByNumber(h.orgId, n.phone_number)).toEqual(n);
    const ws = await h.newWorkspace();
    expect(await h.core.phoneNumbers.findByNumber(ws.orgId, n.phone_number)).toBeUndefined();
  });
  it('resolveInbound gives the workspace, the routing agent, the fallback and the voicemail message', async () => {
    const { n, primary, backup } = await routed();
    expect(await h.core.phoneNumbers.resolveInbound(n.phone_number)).toEqual({
      orgId: h.orgId,
      number: n,
      agentId: primary,
      fallbackAgentId: backup,
      voicemailMessage: 'Leave a message',
    });
    expect(await h.core.phoneNumbers.resolveInbound('+19995550000')).toBeUndefined();
  });
});
