import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../../../test/support/harness.ts';
import { nextNumber, type PlatformCarriers, platformCarriers } from '../../../test/support/phone-numbers.ts';

/** Platform Twilio, Telnyx and LiveKit accounts, each a loopback double of the vendor API. */
let carriers: PlatformCarriers;
let h: Harness;
let twilio: PlatformCarriers['twilio'];
let livekit: PlatformCarriers['livekit'];
let register: PlatformCarriers['register'];
let stored: PlatformCarriers['stored'];
beforeAll(async () => {
  carriers = await platformCarriers();
  ({ h, twilio, livekit, register, stored } = carriers);
});
afterAll(async () => {
  await carriers.close();
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
