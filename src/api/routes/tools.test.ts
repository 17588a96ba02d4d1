import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { createIntegration } from '../../../test/support/integrations.ts';
import { runSecurityCases } from '../../../test/support/security.ts';
import { newId } from '../../domain/ids.ts';

let h: Harness;
let resend: string;
let calcom: string;
beforeAll(async () => {
  h = await createHarness();
  resend = (await createIntegration(h, 'resend')).id;
  calcom = (await createIntegration(h, 'calcom')).id;
});
afterAll(async () => {
  await h.close();
});

type Body = Record<string, unknown>;
/** One valid create body per type (credentials filled in once they exist). */
const valid = (): Record<string, Body> => ({
  api_call: {
    type: 'api_call',
    name: 'check_inventory',
    description: 'Check if a product is in stock',
    url: 'https://api.example.com/inventory/{{sku}}',
    method: 'POST',
    headers: { Authorization: 'Bearer {{api_token}}' },
    parameters: [
      { name: 'sku', type: 'string', required: true, description: 'Product SKU', enum: ['a', 'b'] },
    ],
  },
  transfer_call: { type: 'transfer_call', name: 'transfer_to_human', transfer_to: '+15105550100' },
  end_call: { type: 'end_call', name: 'hangup', description: 'The caller says goodbye' },
  send_sms: { type: 'send_sms', name: 'sms', messaging_config: { to: 'caller', body_template: 'Hi {name}' } },
  send_email: {
    type: 'send_email',
    name: 'email',
    credential_id: resend,
    messaging_config: { to: '{{customer_email}}', subject_template: 'Hello', body_template: 'Body' },
  },
  schedule_calendar_event: {
    type: 'schedule_calendar_event',
    name: 'book',
    credential_id: calcom,
    calendar_config: { calendar_id: 123456, duration_minutes: 30, timezone: 'America/New_York' },
  },
  extract_information: {
    type: 'extract_information',
    name: 'qualify',
    extraction_schema: { fields: [{ name: 'budget', description: 'Monthly budget' }] },
  },
});

async function newTool(type = 'end_call', extra: Body = {}, key?: string) {
  const r = await h.json('POST', '/v1/tools', {
    body: { ...valid()[type], ...extra },
    ...(key ? { key } : {}),
  });
  expect(r.status).toBe(201);
  return r.body;
}

const locs = (r: { body: { detail: { loc: unknown }[] } }) => r.body.detail.map((d) => d.loc);

describe('POST /v1/tools', () => {
  it('201 api_call with every ToolResponse field and the defaults', async () => {
    const t = await newTool('api_call');
    expect(t).toEqual({
      id: expect.stringMatching(/^tool_[0-9a-z]{26}$/),
      ...valid().api_call,
      transfer_to: null,
      run_in_background: false,
      speak_during_execution: false,
      extraction_schema: null,
      messaging_config: null,
      calendar_config: null,
      credential_id: null,
      timeout_seconds: 10,
      created_at: expect.stringMatching(/Z$/),
      updated_at: expect.stringMatching(/Z$/),
    });
  });

  it('201 api_call stores timeout_seconds as timeout_ms and the execution flags', async () => {
    const t = await newTool('api_call', {
      timeout_seconds: 25,
      run_in_background: true,
      speak_during_execution: true,
    });
    expect(t).toMatchObject({ timeout_seconds: 25, run_in_background: true, speak_during_execution: true });
    const row = await h.store.db
      .selectFrom('tools')
      .select('timeout_ms')
      .where('id', '=', t.id)
      .executeTakeFirstOrThrow();
    expect(row.timeout_ms).toBe(25_000);
  });

  it('201 for each other type, with its own fields and nothing else', async () => {
    for (const type of [
      'transfer_call',
      'end_call',
      'send_sms',
      'send_email',
      'schedule_calendar_event',
      'extract_information',
    ]) {
      const t = await newTool(type);
      expect(t).toMatchObject({
        ...valid()[type],
        url: null,
        method: null,
        headers: {},
        parameters: [],
        timeout_seconds: null,
      });
    }
  });

  it('201 defaults an extraction field to required false and keeps credential_id', async () => {
    const t = await newTool('extract_information');
    expect(t.extraction_schema.fields[0]).toEqual({
      name: 'budget',
      description: 'Monthly budget',
      required: false,
    });
    expect((await newTool('send_email')).credential_id).toBe(resend);
  });

  it('201 ignores unknown fields and fields of other types', async () => {
    const t = await newTool('end_call', { url: 'https://x.test', transfer_to: '+15550001111', color: 'red' });
    expect(t).toMatchObject({ url: null, transfer_to: null });
    expect(t).not.toHaveProperty('color');
  });

  it('201 accepts send_email to "caller" and a plain address, and a string calendar_id', async () => {
    const mc = valid().send_email!.messaging_config as Body;
    for (const to of ['caller', 'bookings@acme.test'])
      expect((await newTool('send_email', { messaging_config: { ...mc, to } })).messaging_config.to).toBe(to);
    const cal = await newTool('schedule_calendar_event', {
      calendar_config: { calendar_id: 'evt-1', duration_minutes: 5, timezone: 'UTC' },
    });
    expect(cal.calendar_config.calendar_id).toBe('evt-1');
  });

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

  it('422 when the credential is for another provider', async () => {
    const r = await h.json('POST', '/v1/tools', { body: { ...valid().send_email, credential_id: calcom } });
    expect(r.status).toBe(422);
    expect(r.body.detail[0].loc).toEqual(['body', 'credential_id']);
    expect(r.body.detail[0].msg).toMatch(/resend or sendgrid/);
    const r2 = await h.json('POST', '/v1/tools', {
      body: { ...valid().schedule_calendar_event, credential_id: resend },
    });
    expect(r2.status).toBe(422);
    expect(r2.body.detail[0].msg).toMatch(/calcom/);
  });

  it('404 INTEGRATION_NOT_FOUND for an unknown or another workspace’s credential', async () => {
    const ws = await h.newWorkspace();
    const theirs = (await createIntegration(h, 'resend', { key: ws.key })).id;
    for (const id of [newId('integration'), theirs]) {
      const r = await h.json('POST', '/v1/tools', { body: { ...valid().send_email, credential_id: id } });
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('INTEGRATION_NOT_FOUND');
    }
  });
});

describe('GET /v1/tools', () => {
  it('200 pages newest first with total and the default limit 20', async () => {
    const ws = await h.newWorkspace();
    const a = await newTool('end_call', {}, ws.key);
    const b = await newTool('transfer_call', {}, ws.key);
    const r = await h.json('GET', '/v1/tools', { key: ws.key });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: 2, limit: 20, offset: 0 });
    expect(r.body.items.map((t: { id: string }) => t.id)).toEqual([b.id, a.id]);
    const page2 = await h.json('GET', '/v1/tools?limit=1&offset=1', { key: ws.key });
    expect(page2.body.items.map((t: { id: string }) => t.id)).toEqual([a.id]);
  });

  for (const q of ['limit=0', 'limit=101', 'offset=-1'])
    it(`422 for ${q}`, async () => {
      expect((await h.json('GET', `/v1/tools?${q}`)).status).toBe(422);
    });
});

describe('GET /v1/tools/{tool_id}', () => {
  it('200 returns the tool', async () => {
    const t = await newTool('api_call');
    const r = await h.json('GET', `/v1/tools/${t.id}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(t);
  });
  it('404 TOOL_NOT_FOUND for an unknown or malformed id', async () => {
    for (const id of [newId('tool'), 'check_inventory', newId('agent')]) {
      const r = await h.json('GET', `/v1/tools/${id}`);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('TOOL_NOT_FOUND');
    }
  });
});

describe('PATCH /v1/tools/{tool_id}', () => {
  const patch = (id: string, body: Body) => h.json('PATCH', `/v1/tools/${id}`, { body });

  it('200 applies a partial update and keeps the rest', async () => {
    const t = await newTool('api_call');
    const r = await patch(t.id, {
      description: 'Look up stock',
      speak_during_execution: true,
      type: 'api_call',
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      ...t,
      description: 'Look up stock',
      speak_during_execution: true,
      updated_at: r.body.updated_at,
    });
  });

  it('200 null resets headers, parameters and timeout to their defaults; null name is ignored', async () => {
    const t = await newTool('api_call', { timeout_seconds: 5 });
    const r = await patch(t.id, { headers: null, parameters: null, timeout_seconds: null, name: null });
    expect(r.body).toMatchObject({ headers: {}, parameters: [], timeout_seconds: 10, name: t.name });
  });

  it('200 merges messaging_config and calendar_config key by key', async () => {
    const e = await newTool('send_email');
    const r = await patch(e.id, { messaging_config: { body_template: 'New body' } });
    expect(r.body.messaging_config).toEqual({
      to: '{{customer_email}}',
      subject_template: 'Hello',
      body_template: 'New body',
    });
    const c = await newTool('schedule_calendar_event');
    const r2 = await patch(c.id, { calendar_config: { timezone: 'Europe/Paris' } });
    expect(r2.body.calendar_config).toEqual({
      calendar_id: 123456,
      duration_minutes: 30,
      timezone: 'Europe/Paris',
    });
  });

  it('200 replaces extraction_schema and moves to another email credential', async () => {
    const x = await newTool('extract_information');
    const fields = [{ name: 'city', description: 'City', required: true }];
    expect((await patch(x.id, { extraction_schema: { fields } })).body.extraction_schema).toEqual({ fields });
    const other = (await createIntegration(h, 'resend')).id;
    const e = await newTool('send_email');
    expect((await patch(e.id, { credential_id: other })).body.credential_id).toBe(other);
  });

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
      const b = body.credential_id === 'CALCOM' ? { ...body, credential_id: calcom } : body;
      const r = await patch(t.id, { ...b, name: 'changed' });
      expect(r.status).toBe(422);
      expect(locs(r)).toContainEqual(loc);
      expect((await h.json('GET', `/v1/tools/${t.id}`)).body).toEqual(t);
    });

  it('404 for an unknown tool or an unknown credential', async () => {
    expect((await patch(newId('tool'), { name: 'x' })).status).toBe(404);
    const e = await newTool('send_email');
    const r = await patch(e.id, { credential_id: newId('integration') });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('INTEGRATION_NOT_FOUND');
  });
});

describe('DELETE /v1/tools/{tool_id}', () => {
  it('204 deletes, then 404', async () => {
    const t = await newTool();
    expect((await h.request('DELETE', `/v1/tools/${t.id}`)).status).toBe(204);
    expect((await h.json('GET', `/v1/tools/${t.id}`)).status).toBe(404);
    expect((await h.json('DELETE', `/v1/tools/${t.id}`)).status).toBe(404);
  });

  it('409 while a model lists it in tool_ids, with details.model_ids', async () => {
    const t = await newTool();
    const other = await newTool('transfer_call');
    const m = await h.json('POST', '/v1/models', { body: { tool_ids: [other.id, t.id] } });
    expect(m.status).toBe(201);
    const r = await h.json('DELETE', `/v1/tools/${t.id}`);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('CONFLICT');
    expect(r.body.error.details).toEqual({ model_ids: [m.body.id] });
    await h.json('PATCH', `/v1/models/${m.body.id}`, { body: { tool_ids: [other.id] } });
    expect((await h.request('DELETE', `/v1/tools/${t.id}`)).status).toBe(204);
  });
});

runSecurityCases('tools', () => h, [
  { method: 'POST', prepare: async () => ({ path: '/v1/tools', body: valid().end_call }) },
  { method: 'GET', prepare: async () => ({ path: '/v1/tools' }) },
  { method: 'GET', scoped: true, prepare: async () => ({ path: `/v1/tools/${(await newTool()).id}` }) },
  {
    method: 'PATCH',
    scoped: true,
    prepare: async () => ({ path: `/v1/tools/${(await newTool()).id}`, body: { description: 'y' } }),
  },
  { method: 'DELETE', scoped: true, prepare: async () => ({ path: `/v1/tools/${(await newTool()).id}` }) },
]);
