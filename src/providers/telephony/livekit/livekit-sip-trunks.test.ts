import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveKitSipDouble } from '../testing/livekit-sip-double.ts';
import { LiveKitSipTrunks } from './livekit-sip-trunks.ts';

let lk: LiveKitSipDouble;
beforeAll(async () => {
  lk = await LiveKitSipDouble.start();
});
afterAll(async () => {
  await lk.close();
});

const trunks = (secret = lk.apiSecret) =>
  new LiveKitSipTrunks({ url: lk.url, apiKey: lk.apiKey, apiSecret: secret });
const request = {
  name: 'parley +15739693824',
  phoneNumber: '+15739693824',
  trunkAddress: 'acme.pstn.twilio.com',
  username: 'parley',
  password: 's3cret-pass',
  metadata: '{"phone_number_id":"phn_x"}',
};

describe('LiveKitSipTrunks over Twirp', () => {
  it('provisions an inbound trunk, an outbound trunk with digest credentials and a dispatch rule', async () => {
    const ids = await trunks().provision(request);
    expect(ids.inboundTrunkId).toMatch(/^ST_/);
    expect(ids.outboundTrunkId).toMatch(/^ST_/);
    expect(ids.dispatchRuleId).toMatch(/^SDR_/);
    expect(lk.trunks.get(ids.inboundTrunkId)).toMatchObject({
      kind: 'inbound',
      name: request.name,
      numbers: ['+15739693824'],
      metadata: request.metadata,
    });
    expect(lk.trunks.get(ids.inboundTrunkId)).not.toHaveProperty('auth_password');
    expect(lk.trunks.get(ids.outboundTrunkId)).toMatchObject({
      kind: 'outbound',
      address: 'acme.pstn.twilio.com',
      numbers: ['+15739693824'],
      auth_username: 'parley',
      auth_password: 's3cret-pass',
    });
    expect(lk.rules.get(ids.dispatchRuleId)).toMatchObject({
      rule: { dispatch_rule_individual: { room_prefix: 'call-' } },
      trunk_ids: [ids.inboundTrunkId],
      name: request.name,
    });
    const paths = lk.http.requests.slice(-3).map((r) => r.path);
    expect(paths).toEqual([
      '/twirp/livekit.SIP/CreateSIPInboundTrunk',
      '/twirp/livekit.SIP/CreateSIPOutboundTrunk',
      '/twirp/livekit.SIP/CreateSIPDispatchRule',
    ]);
  });

  it('removes all three; removing them again is not an error', async () => {
    const ids = await trunks().provision(request);
    await trunks().remove(ids);
    expect(lk.trunks.has(ids.inboundTrunkId)).toBe(false);
    expect(lk.trunks.has(ids.outboundTrunkId)).toBe(false);
    expect(lk.rules.has(ids.dispatchRuleId)).toBe(false);
    await expect(trunks().remove(ids)).resolves.toBeUndefined();
  });

  it('a token signed with the wrong secret is a ProviderError 401 and creates nothing', async () => {
    const before = lk.trunks.size;
    const err = await trunks('wrong-secret')
      .provision(request)
      .catch((e) => e);
    expect(err).toMatchObject({ name: 'ProviderError', provider: 'livekit', statusCode: 401 });
    expect(lk.trunks.size).toBe(before);
  });

  it('a failure half-way removes what was already created', async () => {
    const before = lk.trunks.size;
    // The inbound trunk is created; LiveKit rejects the outbound one (no address).
    const err = await trunks()
      .provision({ ...request, trunkAddress: '' })
      .catch((e) => e);
    expect(err).toMatchObject({ name: 'ProviderError', provider: 'livekit', statusCode: 400 });
    expect(err.message).toContain('trunk.address is required');
    expect(lk.http.requests.slice(-3).map((r) => r.path.split('/').at(-1))).toEqual([
      'CreateSIPInboundTrunk',
      'CreateSIPOutboundTrunk',
      'DeleteSIPTrunk',
    ]);
    expect(lk.trunks.size).toBe(before);
  });
});
