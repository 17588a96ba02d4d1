import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../../../test/support/harness.ts';
import { createIntegration } from '../../../test/support/integrations.ts';
import {
  nextNumber,
  type PlatformCarriers,
  platformCarriers,
  carrierPublicUrl as publicUrl,
} from '../../../test/support/phone-numbers.ts';
import { TwilioNumbersDouble } from '../../providers/telephony/testing/twilio-numbers-double.ts';

/** Platform Twilio, Telnyx and LiveKit accounts, each a loopback double of the vendor API. */
let carriers: PlatformCarriers;
let h: Harness;
let telnyx: PlatformCarriers['telnyx'];
let register: PlatformCarriers['register'];
beforeAll(async () => {
  carriers = await platformCarriers();
  ({ h, telnyx, register } = carriers);
});
afterAll(async () => {
  await carriers.close();
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
