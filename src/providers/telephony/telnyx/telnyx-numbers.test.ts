import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNumberProviderContract } from '../numbers.contract.ts';
import { TelnyxNumbersDouble } from '../testing/telnyx-numbers-double.ts';
import { parleyApplicationName, TelnyxNumberProvider } from './telnyx-numbers.ts';

let telnyx: TelnyxNumbersDouble;
beforeAll(async () => {
  telnyx = await TelnyxNumbersDouble.start();
});
afterAll(async () => {
  await telnyx.close();
});

const provider = (opts: { apiKey?: string; connectionId?: string } = {}) =>
  new TelnyxNumberProvider({
    provider: 'telnyx',
    apiKey: opts.apiKey ?? telnyx.apiKey,
    baseUrl: telnyx.url,
    connectionId: opts.connectionId,
  });
const hooks = {
  voiceUrl: 'https://p.test/v1/carriers/telnyx/voice',
  statusCallbackUrl: 'https://p.test/v1/carriers/telnyx/status',
};
let spare = 0;

runNumberProviderContract('telnyx', () => ({
  provider: provider(),
  search: { country: 'US', areaCode: '312', limit: 10 },
  expectPrefix: '+1312',
  ownExisting: async () => telnyx.own(`+1718555${String(3000 + spare++)}`).phone_number,
  voiceUrlOf: async (n) => {
    const owned = telnyx.byNumber(n);
    return owned?.connection_id ? telnyx.applications.get(owned.connection_id)?.webhook_event_url : undefined;
  },
  connectsAnyNumber: false,
}));

describe('TelnyxNumberProvider on the wire', () => {
  it('searches /v2/available_phone_numbers with deepObject filters and a Bearer key', async () => {
    const found = await provider().searchAvailable({
      country: 'US',
      areaCode: '646',
      contains: '0190',
      limit: 3,
    });
    expect(found).toEqual([
      {
        phone_number: '+16465550190',
        friendly_name: null,
        country: 'US',
        region: 'NY',
        locality: 'New York',
        capabilities: { voice: true, sms: true, mms: false },
      },
    ]);
    const req = telnyx.http.lastRequest!;
    expect(req.path).toBe('/v2/available_phone_numbers');
    expect(req.headers.authorization).toBe(`Bearer ${telnyx.apiKey}`);
    expect(Object.fromEntries(req.query)).toEqual({
      'filter[country_code]': 'US',
      'filter[national_destination_code]': '646',
      'filter[phone_number][contains]': '0190',
      'filter[features]': 'voice',
      'filter[limit]': '3',
    });
  });

  it('purchases with a number order on Parley’s Call Control Application, creating it once', async () => {
    const before = telnyx.applications.size;
    const bought = await provider().purchase('+13125557777', hooks);
    expect(telnyx.applications.size).toBe(before + 1);
    const app = telnyx.applications.get(bought.connectionId!)!;
    expect(app).toMatchObject({
      application_name: parleyApplicationName,
      webhook_event_url: hooks.voiceUrl,
      webhook_api_version: '2',
    });
    expect(telnyx.orders.at(-1)).toEqual({
      phone_numbers: [{ phone_number: '+13125557777' }],
      connection_id: app.id,
    });
    const own = telnyx.own('+17185559999');
    await provider().connect(own.phone_number, hooks);
    expect(telnyx.applications.size).toBe(before + 1);
    expect(own.connection_id).toBe(app.id);
  });

  it('connects via PATCH /v2/phone_numbers/{id} with connection_id, looking the id up by digits', async () => {
    const own = telnyx.own('+17185558888');
    const n = await provider().connect(own.phone_number, hooks);
    expect(n.carrierNumberId).toBe(own.id);
    const recent = telnyx.http.requests.slice(-4);
    const lookup = recent.find((r) => r.path === '/v2/phone_numbers');
    const patch = recent.at(-1);
    expect(lookup!.query.get('filter[phone_number]')).toBe('17185558888');
    expect(patch!.method).toBe('PATCH');
    expect(patch!.path).toBe(`/v2/phone_numbers/${own.id}`);
    expect(JSON.parse(patch!.body.toString())).toEqual({ connection_id: n.connectionId });
  });

  it('with a configured connection id, updates that application’s webhook instead of creating one', async () => {
    const app = telnyx.addApplication('Customer app', 'https://old.example/hook');
    const before = telnyx.applications.size;
    const own = telnyx.own('+17185557777');
    const n = await provider({ connectionId: app.id }).connect(own.phone_number, hooks);
    expect(n.connectionId).toBe(app.id);
    expect(telnyx.applications.size).toBe(before);
    expect(app).toMatchObject({ application_name: 'Customer app', webhook_event_url: hooks.voiceUrl });
  });

  it('releases with DELETE /v2/phone_numbers/{id}, finding the id when the order did not return it', async () => {
    await provider().purchase('+13125550112', hooks);
    await provider().release({ phoneNumber: '+13125550112', carrierNumberId: null, connectionId: null });
    expect(telnyx.http.lastRequest).toMatchObject({ method: 'DELETE' });
    expect(telnyx.byNumber('+13125550112')).toBeUndefined();
  });

  it('a wrong API key is a non-retryable ProviderError 401 with Telnyx’s detail', async () => {
    const err = await provider({ apiKey: 'KEYwrong' })
      .searchAvailable({ country: 'US', limit: 1 })
      .catch((e) => e);
    expect(err).toMatchObject({
      name: 'ProviderError',
      provider: 'telnyx',
      statusCode: 401,
      retryable: false,
    });
    expect(err.message).toContain('API key is missing or invalid');
  });

  it('an order Telnyx rejects with 422 is a CarrierNumberError not_available carrying the vendor detail', async () => {
    const err = await provider()
      .purchase('+13125559999', hooks)
      .catch((e) => e);
    expect(err).toMatchObject({ name: 'CarrierNumberError', reason: 'not_available' });
    expect(err.message).toContain('+13125559999 is not available for purchase');
  });

  it('a 5xx is a retryable ProviderError', async () => {
    telnyx.http.failNext(500, { errors: [{ code: '10007', title: 'Unexpected error' }] });
    const err = await provider()
      .searchAvailable({ country: 'US', limit: 1 })
      .catch((e) => e);
    expect(err).toMatchObject({ name: 'ProviderError', statusCode: 500, retryable: true });
  });
});
