import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { createIntegration } from '../../../test/support/integrations.ts';
import { newAgent as newAgentIn, nextNumber, registerNumber } from '../../../test/support/phone-numbers.ts';
import { runSecurityCases } from '../../../test/support/security.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

const missingAgent = 'agt_01jd8x2k3m4n5p6q7r8s9t0v1w';
const newAgent = (key?: string) => newAgentIn(h, key);
const register = (body: Record<string, unknown> = {}, key?: string) => registerNumber(h, body, key);

describe('POST /v1/phone-numbers', () => {
  it('201 registers a sim number with every PhoneNumberResponse field', async () => {
    const agent = await newAgent();
    const phone = nextNumber();
    const r = await h.json('POST', '/v1/phone-numbers', {
      body: { phone_number: phone, provider: 'sim', agent_id: agent, friendly_name: 'Sales Line', extra: 1 },
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      id: expect.stringMatching(/^phn_[0-9a-z]{26}$/),
      phone_number: phone,
      friendly_name: 'Sales Line',
      provider: 'sim',
      agent_id: agent,
      status: 'active',
      inbound_trunk_id: null,
      outbound_trunk_id: null,
      dispatch_rule_id: null,
      inbound_routing: null,
      credential_id: null,
      provider_config: null,
      created_at: expect.stringMatching(/Z$/),
      updated_at: expect.stringMatching(/Z$/),
    });
    const sim = await h.store.db
      .selectFrom('sim_numbers')
      .selectAll()
      .where('phone_number', '=', phone)
      .executeTakeFirst();
    expect(sim?.voice_url).toBe('http://localhost:3000/v1/carriers/sim/voice');
  });

  it('201 with inbound_routing, and the provider name matched case-insensitively', async () => {
    const [primary, backup] = [await newAgent(), await newAgent()];
    const n = await register({
      provider: 'SIM',
      inbound_routing: {
        agent_id: primary,
        fallback: { agent_id: backup },
        voicemail_message: 'Leave a message',
      },
    });
    expect(n.provider).toBe('sim');
    expect(n.inbound_routing).toEqual({
      agent_id: primary,
      fallback: { agent_id: backup },
      voicemail_message: 'Leave a message',
    });
  });

  it('409 CONFLICT when the number is registered already, in this or another workspace', async () => {
    const n = await register();
    const again = await h.json('POST', '/v1/phone-numbers', {
      body: { phone_number: n.phone_number, provider: 'sim', agent_id: n.agent_id },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
    const ws = await h.newWorkspace();
    const other = await h.json('POST', '/v1/phone-numbers', {
      key: ws.key,
      body: { phone_number: n.phone_number, provider: 'sim', agent_id: await newAgent(ws.key) },
    });
    expect(other.status).toBe(409);
  });

  it('404 AGENT_NOT_FOUND for an unknown agent_id, routing agent, fallback agent or another workspace’s agent', async () => {
    const ws = await h.newWorkspace();
    const foreign = await newAgent(ws.key);
    const mine = await newAgent();
    for (const body of [
      { agent_id: missingAgent },
      { agent_id: foreign },
      { agent_id: mine, inbound_routing: { agent_id: missingAgent } },
      { agent_id: mine, inbound_routing: { fallback: { agent_id: foreign } } },
    ]) {
      const r = await h.json('POST', '/v1/phone-numbers', {
        body: { phone_number: nextNumber(), provider: 'sim', ...body },
      });
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('AGENT_NOT_FOUND');
    }
  });

  it('404 INTEGRATION_NOT_FOUND for an unknown credential_id', async () => {
    const r = await h.json('POST', '/v1/phone-numbers', {
      body: {
        phone_number: nextNumber(),
        provider: 'twilio',
        agent_id: await newAgent(),
        credential_id: 'crd_01jd8x2k3m4n5p6q7r8s9t0v1w',
      },
    });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('INTEGRATION_NOT_FOUND');
  });

  for (const provider of ['twilio', 'telnyx']) {
    it(`400 CARRIER_NOT_CONFIGURED for ${provider} without an integration or platform credentials`, async () => {
      const r = await h.json('POST', '/v1/phone-numbers', {
        body: { phone_number: nextNumber(), provider, agent_id: await newAgent() },
      });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('CARRIER_NOT_CONFIGURED');
      expect(r.body.error.message).toContain(`${provider.toUpperCase()}_`);
    });
  }

  it('400 CREDENTIAL_PROVIDER_MISMATCH when credential_id is a twilio integration and provider is telnyx', async () => {
    const cred = await createIntegration(h, 'twilio');
    const r = await h.json('POST', '/v1/phone-numbers', {
      body: {
        phone_number: nextNumber(),
        provider: 'telnyx',
        agent_id: await newAgent(),
        credential_id: cred.id,
      },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('CREDENTIAL_PROVIDER_MISMATCH');
  });

  it('400 SIP_TRUNK_PROVISION_FAILED naming every missing SIP field and LiveKit', async () => {
    const r = await h.json('POST', '/v1/phone-numbers', {
      body: {
        phone_number: nextNumber(),
        provider: 'twilio',
        agent_id: await newAgent(),
        provider_config: { trunk_address: 'acme.pstn.twilio.com' },
      },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('SIP_TRUNK_PROVISION_FAILED');
    expect(r.body.error.details.missing).toEqual([
      'provider_config.auth_username (or TWILIO_SIP_USERNAME)',
      'provider_config.auth_password (or TWILIO_SIP_PASSWORD)',
      'LiveKit (set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET)',
    ]);
  });

  it('400 SIP_TRUNK_PROVISION_FAILED names only LiveKit when all three SIP fields are given', async () => {
    const r = await h.json('POST', '/v1/phone-numbers', {
      body: {
        phone_number: nextNumber(),
        provider: 'telnyx',
        agent_id: await newAgent(),
        provider_config: {
          trunk_address: 'sip.telnyx.com',
          auth_username: 'u',
          auth_password: 'never-echoed',
        },
      },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details.missing).toEqual([
      'LiveKit (set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET)',
    ]);
    expect(JSON.stringify(r.body)).not.toContain('never-echoed');
  });
});

runSecurityCases('phone-numbers', () => h, [
  {
    method: 'POST',
    prepare: async () => ({
      path: '/v1/phone-numbers',
      body: { phone_number: nextNumber(), provider: 'sim', agent_id: missingAgent },
    }),
  },
  { method: 'GET', prepare: async () => ({ path: '/v1/phone-numbers' }) },
  {
    method: 'GET',
    scoped: true,
    prepare: async () => ({ path: `/v1/phone-numbers/${(await register()).id}` }),
  },
  {
    method: 'PATCH',
    scoped: true,
    prepare: async () => ({
      path: `/v1/phone-numbers/${(await register()).id}`,
      body: { friendly_name: 'x' },
    }),
  },
  {
    method: 'DELETE',
    scoped: true,
    prepare: async () => ({ path: `/v1/phone-numbers/${(await register()).id}` }),
  },
  {
    method: 'GET',
    scoped: true,
    prepare: async () => ({ path: `/v1/phone-numbers/${(await register()).id}/inbound-routing` }),
  },
  {
    method: 'POST',
    scoped: true,
    prepare: async () => {
      const n = await register();
      return { path: `/v1/phone-numbers/${n.id}/inbound-routing`, body: { agent_id: n.agent_id } };
    },
  },
  { method: 'GET', prepare: async () => ({ path: '/v1/phone-numbers/search' }) },
  { method: 'POST', prepare: async () => ({ path: '/v1/phone-numbers/purchase', body: {} }) },
]);

describe('OpenAPI document', () => {
  it('documents every phone-number operation with a summary', async () => {
    const r = await h.json('GET', '/v1/openapi.json', { key: null });
    expect(r.status).toBe(200);
    const ops = [
      ['get', '/v1/phone-numbers/search'],
      ['post', '/v1/phone-numbers/purchase'],
      ['post', '/v1/phone-numbers'],
      ['get', '/v1/phone-numbers'],
      ['get', '/v1/phone-numbers/{phone_id}'],
      ['patch', '/v1/phone-numbers/{phone_id}'],
      ['delete', '/v1/phone-numbers/{phone_id}'],
      ['get', '/v1/phone-numbers/{phone_number_id}/inbound-routing'],
      ['post', '/v1/phone-numbers/{phone_number_id}/inbound-routing'],
    ] as const;
    for (const [method, path] of ops)
      expect(r.body.paths[path]?.[method]?.summary, `${method} ${path}`).toBeTruthy();
    expect(r.body.components.schemas.PhoneNumberCreate.properties.provider.enum).toEqual([
      'twilio',
      'telnyx',
      'sim',
    ]);
  });
});
