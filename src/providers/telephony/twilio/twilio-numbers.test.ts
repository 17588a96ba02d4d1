import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNumberProviderContract } from '../numbers.contract.ts';
import { TwilioNumbersDouble } from '../testing/twilio-numbers-double.ts';
import { TwilioNumberProvider } from './twilio-numbers.ts';

let twilio: TwilioNumbersDouble;
beforeAll(async () => {
  twilio = await TwilioNumbersDouble.start();
});
afterAll(async () => {
  await twilio.close();
});

const provider = (token = twilio.authToken) =>
  new TwilioNumberProvider({
    provider: 'twilio',
    accountSid: twilio.accountSid,
    authToken: token,
    baseUrl: twilio.url,
  });
const hooks = {
  voiceUrl: 'https://p.test/v1/carriers/twilio/voice',
  statusCallbackUrl: 'https://p.test/v1/carriers/twilio/status',
};
let spare = 0;

runNumberProviderContract('twilio', () => ({
  provider: provider(),
  search: { country: 'US', areaCode: '415', limit: 10 },
  expectPrefix: '+1415',
  ownExisting: async () => twilio.own(`+1646555${String(2000 + spare++)}`).phone_number,
  voiceUrlOf: async (n) => twilio.byNumber(n)?.voice_url ?? undefined,
  connectsAnyNumber: false,
}));

describe('TwilioNumberProvider on the wire', () => {
  it('searches AvailablePhoneNumbers/{country}/Local.json with AreaCode, Contains and PageSize', async () => {
    const found = await provider().searchAvailable({
      country: 'US',
      areaCode: '415',
      contains: '1234',
      limit: 5,
    });
    expect(found.map((n) => n.phone_number)).toEqual(['+14155551234']);
    expect(found[0]).toMatchObject({
      country: 'US',
      region: 'CA',
      locality: 'San Francisco',
      capabilities: { voice: true, sms: true, mms: true },
    });
    const req = twilio.http.lastRequest!;
    expect(req.method).toBe('GET');
    expect(req.path).toBe(`/2010-04-01/Accounts/${twilio.accountSid}/AvailablePhoneNumbers/US/Local.json`);
    expect(Object.fromEntries(req.query)).toEqual({
      AreaCode: '415',
      Contains: '1234',
      PageSize: '5',
      VoiceEnabled: 'true',
    });
    const basic = Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString('base64');
    expect(req.headers.authorization).toBe(`Basic ${basic}`);
  });

  it('purchases with a form-encoded IncomingPhoneNumbers POST carrying the voice webhooks', async () => {
    const bought = await provider().purchase('+12125550147', hooks);
    expect(bought.carrierNumberId).toMatch(/^PN[0-9a-f]{32}$/);
    const req = twilio.http.lastRequest!;
    expect(req.path).toBe(`/2010-04-01/Accounts/${twilio.accountSid}/IncomingPhoneNumbers.json`);
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(req.body.toString()))).toEqual({
      PhoneNumber: '+12125550147',
      VoiceUrl: hooks.voiceUrl,
      VoiceMethod: 'POST',
      StatusCallback: hooks.statusCallbackUrl,
      StatusCallbackMethod: 'POST',
    });
  });

  it('connects by looking the number up, then updating that IncomingPhoneNumber', async () => {
    const own = twilio.own('+16465559001');
    const n = await provider().connect(own.phone_number, hooks);
    expect(n.carrierNumberId).toBe(own.sid);
    const [lookup, update] = twilio.http.requests.slice(-2);
    expect(lookup!.query.get('PhoneNumber')).toBe('+16465559001');
    expect(update!.method).toBe('POST');
    expect(update!.path).toBe(
      `/2010-04-01/Accounts/${twilio.accountSid}/IncomingPhoneNumbers/${own.sid}.json`,
    );
    expect(twilio.byNumber('+16465559001')).toMatchObject({
      voice_url: hooks.voiceUrl,
      voice_method: 'POST',
    });
  });

  it('releases with DELETE on the IncomingPhoneNumber sid', async () => {
    const own = twilio.own('+16465559002');
    await provider().release({ phoneNumber: own.phone_number, carrierNumberId: own.sid, connectionId: null });
    expect(twilio.http.lastRequest).toMatchObject({ method: 'DELETE' });
    expect(twilio.byNumber('+16465559002')).toBeUndefined();
  });

  it('a wrong auth token is a non-retryable ProviderError 401 with Twilio’s message', async () => {
    const err = await provider('wrong')
      .searchAvailable({ country: 'US', limit: 1 })
      .catch((e) => e);
    expect(err).toMatchObject({
      name: 'ProviderError',
      provider: 'twilio',
      statusCode: 401,
      retryable: false,
    });
    expect(err.message).toContain('Authenticate');
  });

  it('a 5xx is a retryable ProviderError', async () => {
    twilio.http.failNext(503, { code: 20500, message: 'Service unavailable', status: 503 });
    const err = await provider()
      .searchAvailable({ country: 'US', limit: 1 })
      .catch((e) => e);
    expect(err).toMatchObject({ name: 'ProviderError', statusCode: 503, retryable: true });
  });

  it('an unreachable base URL is a retryable ProviderError', async () => {
    const down = new TwilioNumberProvider({
      provider: 'twilio',
      accountSid: 'AC1',
      authToken: 't',
      baseUrl: 'http://127.0.0.1:1',
    });
    await expect(down.searchAvailable({ country: 'US', limit: 1 })).rejects.toMatchObject({
      name: 'ProviderError',
      retryable: true,
    });
  });
});
