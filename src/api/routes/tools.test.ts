import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { createIntegration } from '../../../test/support/integrations.ts';
import { runSecurityCases } from '../../../test/support/security.ts';
import { type Body, type ToolFixture, toolFixture } from '../../../test/support/tools.ts';
import { newId } from '../../domain/ids.ts';

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
const newTool = (type?: string, extra?: Body, key?: string) => f.newTool(type, extra, key);

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
    expect((await newTool('send_email')).credential_id).toBe(f.resend);
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

  it('422 when the credential is for another provider', async () => {
    const r = await h.json('POST', '/v1/tools', { body: { ...valid().send_email, credential_id: f.calcom } });
    expect(r.status).toBe(422);
    expect(r.body.detail[0].loc).toEqual(['body', 'credential_id']);
    expect(r.body.detail[0].msg).toMatch(/resend or sendgrid/);
    const r2 = await h.json('POST', '/v1/tools', {
      body: { ...valid().schedule_calendar_event, credential_id: f.resend },
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
