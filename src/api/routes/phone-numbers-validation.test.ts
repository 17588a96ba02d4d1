import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

const missingAgent = 'agt_01jd8x2k3m4n5p6q7r8s9t0v1w';

describe('POST /v1/phone-numbers', () => {
  const valid = { phone_number: '+15739693824', provider: 'sim', agent_id: missingAgent };
  const invalid: [string, Record<string, unknown>, (string | number)[]][] = [
    ['missing phone_number', { ...valid, phone_number: undefined }, ['body', 'phone_number']],
    ['phone_number without +', { ...valid, phone_number: '15739693824' }, ['body', 'phone_number']],
    ['phone_number starting +0', { ...valid, phone_number: '+05739693824' }, ['body', 'phone_number']],
    ['phone_number with spaces', { ...valid, phone_number: '+1 573 969 3824' }, ['body', 'phone_number']],
    ['phone_number of 16 digits', { ...valid, phone_number: '+1234567890123456' }, ['body', 'phone_number']],
    ['missing provider', { ...valid, provider: undefined }, ['body', 'provider']],
    ['unknown provider', { ...valid, provider: 'vonage' }, ['body', 'provider']],
    ['missing agent_id', { ...valid, agent_id: undefined }, ['body', 'agent_id']],
    ['friendly_name too long', { ...valid, friendly_name: 'x'.repeat(256) }, ['body', 'friendly_name']],
    [
      'fallback without agent_id',
      { ...valid, inbound_routing: { fallback: {} } },
      ['body', 'inbound_routing', 'fallback', 'agent_id'],
    ],
    [
      'voicemail_message too long',
      { ...valid, inbound_routing: { voicemail_message: 'x'.repeat(2001) } },
      ['body', 'inbound_routing', 'voicemail_message'],
    ],
    ['provider_config not an object', { ...valid, provider_config: 'sip' }, ['body', 'provider_config']],
    [
      'empty trunk_address',
      { ...valid, provider_config: { trunk_address: '' } },
      ['body', 'provider_config', 'trunk_address'],
    ],
  ];
  for (const [label, body, loc] of invalid) {
    it(`422 ${label}`, async () => {
      const r = await h.json('POST', '/v1/phone-numbers', { body });
      expect(r.status).toBe(422);
      expect(r.body.detail.map((d: { loc: unknown }) => d.loc)).toContainEqual(loc);
    });
  }
});
