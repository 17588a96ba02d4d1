import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { createIntegration } from '../../../test/support/integrations.ts';
import { newAgent, nextNumber } from '../../../test/support/phone-numbers.ts';
import { LiveKitSipDouble } from '../../providers/telephony/testing/livekit-sip-double.ts';
import { TelnyxNumbersDouble } from '../../providers/telephony/testing/telnyx-numbers-double.ts';
import { TwilioNumbersDouble } from '../../providers/telephony/testing/twilio-numbers-double.ts';

/** Platform Twilio, Telnyx and LiveKit accounts, each a loopback double of the vendor API. */
let h: Harness;
let twilio: TwilioNumbersDouble;
let telnyx: TelnyxNumbersDouble;
let livekit: LiveKitSipDouble;
let agent: string;
const publicUrl = 'https://parley.example';

beforeAll(async () => {
  [twilio, telnyx, livekit] = await Promise.all([
    TwilioNumbersDouble.start(),
    TelnyxNumbersDouble.start(),
    LiveKitSipDouble.start(),
  ]);
  h = await createHarness({
    env: {
      PARLEY_PUBLIC_URL: publicUrl,
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_API_BASE_URL: twilio.url,
      TWILIO_TRUNK_ADDRESS: 'env-trunk.pstn.twilio.com',
      TWILIO_SIP_USERNAME: 'env-user',
      TWILIO_SIP_PASSWORD: 'env-password-123',
      TELNYX_API_KEY: telnyx.apiKey,
      TELNYX_API_BASE_URL: telnyx.url,
      LIVEKIT_URL: livekit.url,
      LIVEKIT_API_KEY: livekit.apiKey,
      LIVEKIT_API_SECRET: livekit.apiSecret,
    },
  });
  agent = await newAgent(h);
});
afterAll(async () => {
  await h.close();
  await Promise.all([twilio.close(), telnyx.close(), livekit.close()]);
});

const register = (body: Record<string, unknown>) =>
  h.json('POST', '/v1/phone-numbers', { body: { agent_id: agent, ...body } });
const stored = async (phone: string) =>
  h.store.db.selectFrom('phone_numbers').selectAll().where('phone_number', '=', phone).executeTakeFirst();

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

describe('a workspace integration instead of the platform account', () => {
  let other: TwilioNumbersDouble;
  beforeAll(async () => {
    other = await TwilioNumbersDouble.start({
      inventory: [{ phone_number: '+15035550123', iso_country: 'US', region: 'OR', locality: 'Portland' }],
    });
  });
  afterAll(async () => {
    await other.close();
  });
  const twilioIntegration = (token = other.authToken) =>
    createIntegration(h, 'twilio', {
      body: { api_key: token, metadata: { account_sid: other.accountSid, base_url: other.url } },
    });

  it('search and register use the integration’s Twilio account (metadata.account_sid, api_key, base_url)', async () => {
    const cred = await twilioIntegration();
    const found = await h.json('GET', `/v1/phone-numbers/search?credential_id=${cred.id}`);
    expect(found.body.items.map((n: { phone_number: string }) => n.phone_number)).toEqual(['+15035550123']);
    const own = other.own(nextNumber('+1971555'));
    const r = await register({ phone_number: own.phone_number, provider: 'twilio', credential_id: cred.id });
    expect(r.status).toBe(201);
    expect(r.body.credential_id).toBe(cred.id);
    expect(own.voice_url).toBe(`${publicUrl}/v1/carriers/twilio/voice`);
  });

  it('400 CARRIER_AUTH_FAILED when Twilio rejects the integration’s token', async () => {
    const cred = await twilioIntegration('0000000000000000000000000000dead');
    const r = await h.json('GET', `/v1/phone-numbers/search?credential_id=${cred.id}`);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('CARRIER_AUTH_FAILED');
    expect(JSON.stringify(r.body)).not.toContain('dead');
  });

  it('a telnyx integration (api_key, metadata.base_url) searches that account', async () => {
    const r0 = await h.json('POST', '/v1/integrations', {
      body: {
        name: 'Telnyx',
        provider: 'telnyx',
        api_key: telnyx.apiKey,
        metadata: { base_url: telnyx.url },
      },
    });
    expect(r0.status).toBe(201);
    const r = await h.json('GET', `/v1/phone-numbers/search?credential_id=${r0.body.id}&area_code=312`);
    expect(r.body.provider).toBe('telnyx');
  });
});

describe('SIP trunk mode (LiveKit)', () => {
  const config = {
    trunk_address: 'acme.pstn.twilio.com',
    auth_username: 'parley',
    auth_password: 'body-secret-456',
  };

  it('201 provisions trunks and a dispatch rule; the password is stored only encrypted and never returned', async () => {
    const phone = nextNumber('+1573555');
    const carrierCalls = twilio.http.requests.length;
    const r = await register({
      phone_number: phone,
      provider: 'twilio',
      provider_config: { ...config, region: 'us1' },
    });
    expect(r.status).toBe(201);
    expect(r.body.inbound_trunk_id).toMatch(/^ST_/);
    expect(r.body.outbound_trunk_id).toMatch(/^ST_/);
    expect(r.body.dispatch_rule_id).toMatch(/^SDR_/);
    expect(r.body.provider_config).toEqual({
      trunk_address: 'acme.pstn.twilio.com',
      auth_username: 'parley',
      region: 'us1',
    });
    expect(JSON.stringify(r.body)).not.toContain('body-secret-456');
    expect(twilio.http.requests.length).toBe(carrierCalls);
    expect(livekit.trunks.get(r.body.outbound_trunk_id)).toMatchObject({
      auth_password: 'body-secret-456',
      address: config.trunk_address,
    });
    const row = (await stored(phone))!;
    expect(JSON.stringify({ ...row, encrypted_sip_password: null })).not.toContain('body-secret-456');
    expect(h.core.secrets.decrypt(row.encrypted_sip_password!)).toBe('body-secret-456');
    const got = await h.json('GET', `/v1/phone-numbers/${r.body.id}`);
    expect(JSON.stringify(got.body)).not.toContain('body-secret-456');
  });

  it('201 fills missing fields from TWILIO_TRUNK_ADDRESS / _SIP_USERNAME / _SIP_PASSWORD', async () => {
    const r = await register({
      phone_number: nextNumber('+1573555'),
      provider: 'twilio',
      provider_config: {},
    });
    expect(r.status).toBe(201);
    expect(r.body.provider_config).toEqual({
      trunk_address: 'env-trunk.pstn.twilio.com',
      auth_username: 'env-user',
    });
    expect(livekit.trunks.get(r.body.outbound_trunk_id)).toMatchObject({ auth_password: 'env-password-123' });
  });

  it('400 SIP_TRUNK_PROVISION_FAILED naming the TELNYX_* fields still missing (LiveKit is configured)', async () => {
    const r = await register({
      phone_number: nextNumber('+1573555'),
      provider: 'telnyx',
      provider_config: { trunk_address: 'sip.telnyx.com' },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details.missing).toEqual([
      'provider_config.auth_username (or TELNYX_SIP_USERNAME)',
      'provider_config.auth_password (or TELNYX_SIP_PASSWORD)',
    ]);
  });

  it('400 SIP_TRUNK_PROVISION_FAILED when LiveKit refuses; nothing is stored', async () => {
    const phone = nextNumber('+1573555');
    livekit.http.failNext(403, { code: 'permission_denied', msg: 'trunk limit reached' });
    const r = await register({ phone_number: phone, provider: 'twilio', provider_config: config });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('SIP_TRUNK_PROVISION_FAILED');
    expect(r.body.error.message).toContain('trunk limit reached');
    expect(await stored(phone)).toBeUndefined();
  });

  it('DELETE removes the trunks and the dispatch rule', async () => {
    const r = await register({
      phone_number: nextNumber('+1573555'),
      provider: 'twilio',
      provider_config: config,
    });
    expect((await h.request('DELETE', `/v1/phone-numbers/${r.body.id}`)).status).toBe(204);
    expect(livekit.trunks.has(r.body.inbound_trunk_id)).toBe(false);
    expect(livekit.trunks.has(r.body.outbound_trunk_id)).toBe(false);
    expect(livekit.rules.has(r.body.dispatch_rule_id)).toBe(false);
  });

  it('409 for a number already registered, before anything is provisioned', async () => {
    const phone = nextNumber('+1573555');
    await register({ phone_number: phone, provider: 'twilio', provider_config: config });
    const before = livekit.trunks.size;
    const r = await register({ phone_number: phone, provider: 'twilio', provider_config: config });
    expect(r.status).toBe(409);
    expect(livekit.trunks.size).toBe(before);
  });
});
