import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../../../test/support/harness.ts';
import {
  nextNumber,
  type PlatformCarriers,
  platformCarriers,
  carrierPublicUrl as publicUrl,
} from '../../../test/support/phone-numbers.ts';

/** Platform Twilio, Telnyx and LiveKit accounts, each a loopback double of the vendor API. */
let carriers: PlatformCarriers;
let h: Harness;
let agent: string;
let twilio: PlatformCarriers['twilio'];
let telnyx: PlatformCarriers['telnyx'];
let register: PlatformCarriers['register'];
let stored: PlatformCarriers['stored'];
beforeAll(async () => {
  carriers = await platformCarriers();
  ({ h, agent, twilio, telnyx, register, stored } = carriers);
});
afterAll(async () => {
  await carriers.close();
});

describe('Twilio through the platform account', () => {
  it('search defaults to the platform Twilio account', async () => {
    const r = await h.json('GET', '/v1/phone-numbers/search?area_code=415&limit=2');
    expect(r.status).toBe(200);
    expect(r.body.provider).toBe('twilio');
    expect(r.body.items.map((n: { phone_number: string }) => n.phone_number)).toEqual([
      '+14155550101',
      '+14155550102',
    ]);
    expect(r.body.items[0]).toMatchObject({ region: 'CA', locality: 'San Francisco', provider: 'twilio' });
  });

  it('purchase buys on Twilio with Parley’s voice and status webhooks; DELETE releases it', async () => {
    const r = await h.json('POST', '/v1/phone-numbers/purchase', {
      body: { area_code: '212', agent_id: agent },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ phone_number: '+12125550147', provider: 'twilio', agent_id: agent });
    expect(twilio.byNumber('+12125550147')).toMatchObject({
      voice_url: `${publicUrl}/v1/carriers/twilio/voice`,
      voice_method: 'POST',
      status_callback: `${publicUrl}/v1/carriers/twilio/status`,
    });
    expect(await stored('+12125550147')).toMatchObject({
      purchased: true,
      carrier_number_id: expect.stringMatching(/^PN/),
    });
    expect((await h.request('DELETE', `/v1/phone-numbers/${r.body.id}`)).status).toBe(204);
    expect(twilio.byNumber('+12125550147')).toBeUndefined();
  });

  it('register points an owned number’s voice webhook at Parley; DELETE keeps the number on the account', async () => {
    const own = twilio.own(nextNumber('+1646555'));
    const r = await register({ phone_number: own.phone_number, provider: 'twilio', friendly_name: 'BYO' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      provider: 'twilio',
      friendly_name: 'BYO',
      inbound_trunk_id: null,
      credential_id: null,
    });
    expect(own.voice_url).toBe(`${publicUrl}/v1/carriers/twilio/voice`);
    expect(await stored(own.phone_number)).toMatchObject({ purchased: false, carrier_number_id: own.sid });
    expect((await h.request('DELETE', `/v1/phone-numbers/${r.body.id}`)).status).toBe(204);
    expect(twilio.byNumber(own.phone_number)).toBeDefined();
  });

  it('400 PHONE_NUMBER_NOT_ON_CARRIER for a number the account does not have; nothing is stored', async () => {
    const phone = nextNumber('+1646555');
    const r = await register({ phone_number: phone, provider: 'twilio' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('PHONE_NUMBER_NOT_ON_CARRIER');
    expect(await stored(phone)).toBeUndefined();
  });

  it('400 PHONE_NUMBER_NOT_AVAILABLE when Twilio will not sell the number', async () => {
    const r = await h.json('POST', '/v1/phone-numbers/purchase', { body: { phone_number: '+14155559999' } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('PHONE_NUMBER_NOT_AVAILABLE');
    expect(r.body.error.message).toContain('is not available');
  });

  it('502 CARRIER_UNAVAILABLE when Twilio fails; nothing is stored', async () => {
    const own = twilio.own(nextNumber('+1646555'));
    twilio.http.failNext(503, { code: 20500, message: 'Internal server error', status: 503 });
    const r = await register({ phone_number: own.phone_number, provider: 'twilio' });
    expect(r.status).toBe(502);
    expect(r.body.error.code).toBe('CARRIER_UNAVAILABLE');
    expect(await stored(own.phone_number)).toBeUndefined();
  });
});

describe('Telnyx through the platform account', () => {
  it('search with provider=telnyx', async () => {
    const r = await h.json('GET', '/v1/phone-numbers/search?provider=telnyx&area_code=312&limit=1');
    expect(r.body).toMatchObject({
      provider: 'telnyx',
      items: [{ phone_number: '+13125550111', region: 'IL' }],
    });
  });

  it('purchase orders the number on Parley’s Call Control Application; DELETE releases it', async () => {
    const r = await h.json('POST', '/v1/phone-numbers/purchase', {
      body: { provider: 'telnyx', phone_number: '+16465550190' },
    });
    expect(r.status).toBe(201);
    expect(r.body.provider).toBe('telnyx');
    const owned = telnyx.byNumber('+16465550190')!;
    expect(telnyx.applications.get(owned.connection_id!)?.webhook_event_url).toBe(
      `${publicUrl}/v1/carriers/telnyx/voice`,
    );
    expect(await stored('+16465550190')).toMatchObject({
      purchased: true,
      carrier_connection_id: owned.connection_id,
    });
    expect((await h.request('DELETE', `/v1/phone-numbers/${r.body.id}`)).status).toBe(204);
    expect(telnyx.byNumber('+16465550190')).toBeUndefined();
  });

  it('register attaches an owned number to the application', async () => {
    const own = telnyx.own(nextNumber('+1718555'));
    const r = await register({ phone_number: own.phone_number, provider: 'telnyx' });
    expect(r.status).toBe(201);
    expect(telnyx.applications.get(own.connection_id!)?.webhook_event_url).toBe(
      `${publicUrl}/v1/carriers/telnyx/voice`,
    );
  });
});
