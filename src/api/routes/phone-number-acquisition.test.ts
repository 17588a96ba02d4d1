import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { newAgent, registerNumber } from '../../../test/support/phone-numbers.ts';

/** No carrier is configured here, so search and purchase use the built-in sim carrier. */
let h: Harness;
let agent: string;
beforeAll(async () => {
  h = await createHarness();
  agent = await newAgent(h);
});
afterAll(async () => {
  await h.close();
});

const search = (q: string) => h.json('GET', `/v1/phone-numbers/search${q}`);
const purchase = (body: Record<string, unknown>) => h.json('POST', '/v1/phone-numbers/purchase', { body });

describe('GET /v1/phone-numbers/search', () => {
  it('200 from the sim carrier when no real carrier is configured', async () => {
    const r = await search('?country=US&area_code=415&limit=3');
    expect(r.status).toBe(200);
    expect(r.body.provider).toBe('sim');
    expect(r.body.items).toEqual(
      ['+14155550100', '+14155550101', '+14155550102'].map((phone_number) => ({
        phone_number,
        friendly_name: `(415) 555-${phone_number.slice(-4)}`,
        country: 'US',
        region: null,
        locality: 'Simulator',
        capabilities: { voice: true, sms: false, mms: false },
        provider: 'sim',
      })),
    );
  });

  it('200 filters by contains, defaults to 10 results, and lower-case country works', async () => {
    expect(
      (await search('?country=us&contains=0177')).body.items.map(
        (n: { phone_number: string }) => n.phone_number,
      ),
    ).toEqual(['+15555550177']);
    expect((await search('')).body.items).toHaveLength(10);
  });

  it('200 leaves out numbers already registered on the platform', async () => {
    await registerNumber(h, { phone_number: '+17205550100', agent_id: agent });
    const r = await search('?area_code=720&limit=1');
    expect(r.body.items[0].phone_number).toBe('+17205550101');
  });

  it('200 with no items where the sim carrier has no numbers', async () => {
    expect((await search('?country=DE')).body.items).toEqual([]);
  });

  it('400 CARRIER_NOT_CONFIGURED when asking for a carrier with no account', async () => {
    const r = await search('?provider=twilio');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('CARRIER_NOT_CONFIGURED');
  });

  it('404 INTEGRATION_NOT_FOUND for an unknown credential_id', async () => {
    const r = await search('?credential_id=crd_01jd8x2k3m4n5p6q7r8s9t0v1w');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('INTEGRATION_NOT_FOUND');
  });

  for (const [q, loc] of [
    ['?country=USA', 'country'],
    ['?country=1', 'country'],
    ['?area_code=4a5', 'area_code'],
    ['?contains=55-5', 'contains'],
    ['?limit=0', 'limit'],
    ['?limit=51', 'limit'],
    ['?provider=vonage', 'provider'],
  ]) {
    it(`422 for ${q}`, async () => {
      const r = await search(q!);
      expect(r.status).toBe(422);
      expect(r.body.detail[0].loc).toEqual(['query', loc]);
    });
  }
});

describe('POST /v1/phone-numbers/purchase', () => {
  it('201 auto-picks the first available number matching the filters and registers it', async () => {
    const r = await purchase({ area_code: '917', friendly_name: 'Sales Line', agent_id: agent });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      id: expect.stringMatching(/^phn_/),
      phone_number: '+19175550100',
      friendly_name: 'Sales Line',
      provider: 'sim',
      agent_id: agent,
      status: 'active',
      inbound_routing: null,
      credential_id: null,
    });
    const next = await purchase({ area_code: '917' });
    expect(next.body.phone_number).toBe('+19175550101');
    expect(next.body.agent_id).toBeNull();
  });

  it('201 buys a specific number from search, with inbound routing', async () => {
    const [first] = (await search('?area_code=628&contains=0150')).body.items;
    const r = await purchase({
      phone_number: first.phone_number,
      agent_id: agent,
      inbound_routing: { voicemail_message: 'We are closed' },
    });
    expect(r.status).toBe(201);
    expect(r.body.phone_number).toBe('+16285550150');
    expect(r.body.inbound_routing).toEqual({
      agent_id: null,
      fallback: null,
      voicemail_message: 'We are closed',
    });
    expect((await search('?area_code=628&contains=0150')).body.items).toEqual([]);
  });

  it('201 then DELETE releases it back to the carrier: it is offered again', async () => {
    const r = await purchase({ area_code: '737', contains: '0199' });
    expect(r.body.phone_number).toBe('+17375550199');
    expect((await h.request('DELETE', `/v1/phone-numbers/${r.body.id}`)).status).toBe(204);
    const again = await search('?area_code=737&contains=0199');
    expect(again.body.items.map((n: { phone_number: string }) => n.phone_number)).toEqual(['+17375550199']);
  });

  it('409 CONFLICT for a number already registered, before anything is bought', async () => {
    const n = await registerNumber(h, { phone_number: '+15125550120', agent_id: agent });
    const r = await purchase({ phone_number: n.phone_number });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('CONFLICT');
  });

  it('400 PHONE_NUMBER_NOT_AVAILABLE for a number the carrier does not sell', async () => {
    const r = await purchase({ phone_number: '+14155551234' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('PHONE_NUMBER_NOT_AVAILABLE');
  });

  it('400 PHONE_NUMBER_NOT_AVAILABLE when nothing matches the filters', async () => {
    const r = await purchase({ country: 'DE' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'PHONE_NUMBER_NOT_AVAILABLE', details: { country: 'DE' } });
  });

  it('404 AGENT_NOT_FOUND before anything is bought', async () => {
    const r = await purchase({ area_code: '702', agent_id: 'agt_01jd8x2k3m4n5p6q7r8s9t0v1w' });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('AGENT_NOT_FOUND');
    expect((await search('?area_code=702&limit=1')).body.items[0].phone_number).toBe('+17025550100');
  });

  for (const [label, body, loc] of [
    ['phone_number not E.164', { phone_number: '4155550100' }, ['body', 'phone_number']],
    ['country of 3 letters', { country: 'USA' }, ['body', 'country']],
    ['area_code with letters', { area_code: 'abc' }, ['body', 'area_code']],
    ['contains with punctuation', { contains: '5-5' }, ['body', 'contains']],
    ['unknown provider', { provider: 'vonage' }, ['body', 'provider']],
    [
      'fallback without agent_id',
      { inbound_routing: { fallback: {} } },
      ['body', 'inbound_routing', 'fallback', 'agent_id'],
    ],
  ] as const) {
    it(`422 ${label}`, async () => {
      const r = await purchase(body);
      expect(r.status).toBe(422);
      expect(r.body.detail.map((d: { loc: unknown }) => d.loc)).toContainEqual(loc);
    });
  }
});
