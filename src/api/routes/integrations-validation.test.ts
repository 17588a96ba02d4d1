import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { integrationBodies } from '../../../test/support/integrations.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

describe('POST /v1/integrations', () => {
  const ok = integrationBodies.openai;
  const invalid: [string, Record<string, unknown>, (string | number)[]][] = [
    ['missing name', { provider: 'openai', api_key: ok.api_key }, ['body', 'name']],
    ['empty name', { ...ok, name: ' ' }, ['body', 'name']],
    ['missing provider', { name: 'a', api_key: ok.api_key }, ['body', 'provider']],
    ['unknown provider', { ...ok, provider: 'vonage' }, ['body', 'provider']],
    ['missing api_key', { name: 'a', provider: 'openai' }, ['body', 'api_key']],
    ['empty api_key', { ...ok, api_key: '' }, ['body', 'api_key']],
    ['api_key with a line break', { ...ok, api_key: 'sk-abc\ndef123456' }, ['body', 'api_key']],
    ['metadata not an object', { ...ok, metadata: ['x'] }, ['body', 'metadata']],
    [
      'base_url not http(s)',
      { ...ok, metadata: { base_url: 'ftp://x.test' } },
      ['body', 'metadata', 'base_url'],
    ],
    [
      'base_url not a URL',
      { ...ok, metadata: { base_url: 'localhost:11434' } },
      ['body', 'metadata', 'base_url'],
    ],
    ['base_url not a string', { ...ok, metadata: { base_url: 1 } }, ['body', 'metadata', 'base_url']],
    [
      'twilio without account_sid',
      { ...integrationBodies.twilio, metadata: {} },
      ['body', 'metadata', 'account_sid'],
    ],
    [
      'twilio with a malformed account_sid',
      { ...integrationBodies.twilio, metadata: { account_sid: 'AC123' } },
      ['body', 'metadata', 'account_sid'],
    ],
    ['resend without from', { ...integrationBodies.resend, metadata: {} }, ['body', 'metadata', 'from']],
    [
      'sendgrid with a bad from',
      { ...integrationBodies.resend, provider: 'sendgrid', metadata: { from: 'not-an-email' } },
      ['body', 'metadata', 'from'],
    ],
  ];
  for (const [label, body, loc] of invalid) {
    it(`422 ${label}`, async () => {
      const r = await h.json('POST', '/v1/integrations', { body });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('VALIDATION_ERROR');
      expect(r.body.detail.map((d: { loc: unknown }) => d.loc)).toContainEqual(loc);
    });
  }
});
