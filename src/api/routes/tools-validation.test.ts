import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { type Body, locs, type ToolFixture, toolFixture } from '../../../test/support/tools.ts';

let h: Harness;
let f: ToolFixture;
beforeAll(async () => {
  h = await createHarness();
  f = await toolFixture(h);
});
afterAll(async () => {
  await h.close();
});

const valid = () => f.valid();
const newTool = (type?: string, extra?: Body) => f.newTool(type, extra);

describe('POST /v1/tools: validation', () => {
  const api = (extra: Body) => ({ ...valid().api_call, ...extra });
  const without = (type: string, key: string) => {
    const { [key]: _drop, ...rest } = valid()[type]!;
    return rest;
  };
  const sms = (m: Body) => ({ ...valid().send_sms, messaging_config: m });
  const email = (m: Body) => ({ ...valid().send_email, messaging_config: m });
  const cal = (c: Body) => ({ ...valid().schedule_calendar_event, calendar_config: c });
  const fields = (f: unknown[]) => ({ ...valid().extract_information, extraction_schema: { fields: f } });
  const invalid: [string, () => Body, (string | number)[]][] = [
    ['missing type', () => ({ name: 'x' }), ['body', 'type']],
    ['unknown type', () => ({ name: 'x', type: 'webhook' }), ['body', 'type']],
    ['missing name', () => without('end_call', 'name'), ['body', 'name']],
    ['name with a space', () => ({ ...valid().end_call, name: 'hang up' }), ['body', 'name']],
    ['name over 64 characters', () => ({ ...valid().end_call, name: 'x'.repeat(65) }), ['body', 'name']],
    ['api_call without description', () => without('api_call', 'description'), ['body', 'description']],
    ['api_call without url', () => without('api_call', 'url'), ['body', 'url']],
    ['api_call without method', () => without('api_call', 'method'), ['body', 'method']],
    ['api_call ftp url', () => api({ url: 'ftp://x.test/a' }), ['body', 'url']],
    ['api_call relative url', () => api({ url: '/inventory' }), ['body', 'url']],
    ['api_call method FETCH', () => api({ method: 'FETCH' }), ['body', 'method']],
    ['api_call header value not a string', () => api({ headers: { 'X-N': 1 } }), ['body', 'headers', 'X-N']],
    [
      'api_call header value with a line break',
      () => api({ headers: { 'X-A': 'a\r\nB: c' } }),
      ['body', 'headers', 'X-A'],
    ],
    ['api_call header name with a space', () => api({ headers: { 'X A': 'b' } }), ['body', 'headers', 'X A']],
    ['api_call parameters not a list', () => api({ parameters: { sku: 'x' } }), ['body', 'parameters']],
    [
      'api_call parameter without description',
      () => api({ parameters: [{ name: 'a' }] }),
      ['body', 'parameters', 0, 'description'],
    ],
    [
      'api_call parameter type array',
      () => api({ parameters: [{ name: 'a', description: 'd', type: 'array' }] }),
      ['body', 'parameters', 0, 'type'],
    ],
    [
      'api_call enum on a number parameter',
      () => api({ parameters: [{ name: 'a', description: 'd', type: 'number', enum: ['1'] }] }),
      ['body', 'parameters', 0, 'enum'],
    ],
    [
      'api_call duplicate parameter names',
      () =>
        api({
          parameters: [
            { name: 'a', description: 'd' },
            { name: 'a', description: 'e' },
          ],
        }),
      ['body', 'parameters', 1, 'name'],
    ],
    ['api_call timeout_seconds 0', () => api({ timeout_seconds: 0 }), ['body', 'timeout_seconds']],
    ['api_call timeout_seconds 31', () => api({ timeout_seconds: 31 }), ['body', 'timeout_seconds']],
    ['api_call timeout_seconds 2.5', () => api({ timeout_seconds: 2.5 }), ['body', 'timeout_seconds']],
    [
      'transfer_call without transfer_to',
      () => without('transfer_call', 'transfer_to'),
      ['body', 'transfer_to'],
    ],
    [
      'transfer_call to a non-E.164 number',
      () => ({ ...valid().transfer_call, transfer_to: '5105550100' }),
      ['body', 'transfer_to'],
    ],
    [
      'send_sms without messaging_config',
      () => without('send_sms', 'messaging_config'),
      ['body', 'messaging_config'],
    ],
    ['send_sms without to', () => sms({ body_template: 'x' }), ['body', 'messaging_config', 'to']],
    [
      'send_sms without body_template',
      () => sms({ to: 'caller' }),
      ['body', 'messaging_config', 'body_template'],
    ],
    [
      'send_sms to an email',
      () => sms({ to: 'a@b.test', body_template: 'x' }),
      ['body', 'messaging_config', 'to'],
    ],
    [
      'send_sms body over 1600',
      () => sms({ to: '+15550001111', body_template: 'x'.repeat(1601) }),
      ['body', 'messaging_config', 'body_template'],
    ],
    [
      'send_email without credential_id',
      () => without('send_email', 'credential_id'),
      ['body', 'credential_id'],
    ],
    [
      'send_email without messaging_config',
      () => without('send_email', 'messaging_config'),
      ['body', 'messaging_config'],
    ],
    [
      'send_email without subject',
      () => email({ to: 'caller', body_template: 'b' }),
      ['body', 'messaging_config', 'subject_template'],
    ],
    [
      'send_email to a phone number',
      () => email({ to: '+15550001111', subject_template: 's', body_template: 'b' }),
      ['body', 'messaging_config', 'to'],
    ],
    [
      'schedule without credential_id',
      () => without('schedule_calendar_event', 'credential_id'),
      ['body', 'credential_id'],
    ],
    [
      'schedule without calendar_config',
      () => without('schedule_calendar_event', 'calendar_config'),
      ['body', 'calendar_config'],
    ],
    [
      'schedule without calendar_id',
      () => cal({ duration_minutes: 30, timezone: 'UTC' }),
      ['body', 'calendar_config', 'calendar_id'],
    ],
    [
      'schedule duration 4',
      () => cal({ calendar_id: 1, duration_minutes: 4, timezone: 'UTC' }),
      ['body', 'calendar_config', 'duration_minutes'],
    ],
    [
      'schedule duration 481',
      () => cal({ calendar_id: 1, duration_minutes: 481, timezone: 'UTC' }),
      ['body', 'calendar_config', 'duration_minutes'],
    ],
    [
      'schedule unknown timezone',
      () => cal({ calendar_id: 1, duration_minutes: 30, timezone: 'Mars/Olympus' }),
      ['body', 'calendar_config', 'timezone'],
    ],
    [
      'schedule offset timezone',
      () => cal({ calendar_id: 1, duration_minutes: 30, timezone: '+05:00' }),
      ['body', 'calendar_config', 'timezone'],
    ],
    [
      'extract without extraction_schema',
      () => without('extract_information', 'extraction_schema'),
      ['body', 'extraction_schema'],
    ],
    ['extract with no fields', () => fields([]), ['body', 'extraction_schema', 'fields']],
    [
      'extract field without name',
      () => fields([{ description: 'd' }]),
      ['body', 'extraction_schema', 'fields', 0, 'name'],
    ],
    [
      'extract duplicate field names',
      () =>
        fields([
          { name: 'a', description: 'd' },
          { name: 'a', description: 'd' },
        ]),
      ['body', 'extraction_schema', 'fields', 1, 'name'],
    ],
  ];
  for (const [label, body, loc] of invalid) {
    it(`422 ${label}`, async () => {
      const r = await h.json('POST', '/v1/tools', { body: body() });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('VALIDATION_ERROR');
      expect(locs(r)).toContainEqual(loc);
    });
  }
});

describe('PATCH /v1/tools/{tool_id}: validation', () => {
  const patch = (id: string, body: Body) => h.json('PATCH', `/v1/tools/${id}`, { body });

  const cases: [string, string, Body, (string | number)[]][] = [
    ['a type change', 'end_call', { type: 'api_call' }, ['body', 'type']],
    ['an unknown field', 'end_call', { nmae: 'x' }, ['body', 'nmae']],
    [
      'an unknown nested field',
      'send_sms',
      { messaging_config: { too: 'caller' } },
      ['body', 'messaging_config', 'too'],
    ],
    [
      'an unknown parameter field',
      'api_call',
      { parameters: [{ name: 'a', description: 'd', requried: true }] },
      ['body', 'parameters', 0, 'requried'],
    ],
    ['clearing a required field', 'api_call', { url: null }, ['body', 'url']],
    ['clearing the description of an api_call', 'api_call', { description: null }, ['body', 'description']],
    ['a field of another type', 'api_call', { transfer_to: '+15550001111' }, ['body', 'transfer_to']],
    [
      'timeout_seconds on a non-api_call tool',
      'end_call',
      { timeout_seconds: 5 },
      ['body', 'timeout_seconds'],
    ],
    [
      'a merged sms `to` that is an email',
      'send_sms',
      { messaging_config: { to: 'x@y.test' } },
      ['body', 'messaging_config', 'to'],
    ],
    [
      'a subject on an sms tool',
      'send_sms',
      { messaging_config: { subject_template: 'Hi' } },
      ['body', 'messaging_config', 'subject_template'],
    ],
    [
      'removing a required config key',
      'schedule_calendar_event',
      { calendar_config: { timezone: null } },
      ['body', 'calendar_config', 'timezone'],
    ],
    [
      'clearing the credential of send_email',
      'send_email',
      { credential_id: null },
      ['body', 'credential_id'],
    ],
    [
      'a calcom credential on send_email',
      'send_email',
      { credential_id: 'CALCOM' },
      ['body', 'credential_id'],
    ],
    [
      'a bad timezone',
      'schedule_calendar_event',
      { calendar_config: { timezone: 'Nowhere/Land' } },
      ['body', 'calendar_config', 'timezone'],
    ],
    ['a bad url', 'api_call', { url: 'nope' }, ['body', 'url']],
  ];
  for (const [label, type, body, loc] of cases)
    it(`422 for ${label}, and nothing changes`, async () => {
      const t = await newTool(type);
      const b = body.credential_id === 'CALCOM' ? { ...body, credential_id: f.calcom } : body;
      const r = await patch(t.id, { ...b, name: 'changed' });
      expect(r.status).toBe(422);
      expect(locs(r)).toContainEqual(loc);
      expect((await h.json('GET', `/v1/tools/${t.id}`)).body).toEqual(t);
    });
});
