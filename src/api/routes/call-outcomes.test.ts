import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { runSecurityCases } from '../../../test/support/security.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

const path = '/v1/workspace/call-outcomes';
let seq = 0;
async function newOutcome(body: Record<string, unknown> = {}, key?: string) {
  const r = await h.json('POST', path, {
    body: { label: `Outcome ${++seq} x`, ...body },
    ...(key ? { key } : {}),
  });
  expect(r.status).toBe(201);
  return r.body;
}

describe('GET /v1/workspace/call-outcomes', () => {
  it('200 lists the builtins and no custom outcomes for a new workspace', async () => {
    const ws = await h.newWorkspace();
    const r = await h.json('GET', path, { key: ws.key });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      builtin: ['appointment_booked', 'interested', 'not_interested', 'not_connected', 'voicemail'],
      items: [],
      total: 0,
    });
  });
  it('200 lists custom outcomes oldest first, inactive ones included, only this workspace’s', async () => {
    const ws = await h.newWorkspace();
    const a = await newOutcome({ label: 'Hot Lead' }, ws.key);
    const b = await newOutcome({ label: 'Cold Lead' }, ws.key);
    await h.json('PATCH', `${path}/${b.id}`, { key: ws.key, body: { is_active: false } });
    await newOutcome({ label: 'Elsewhere' });
    const r = await h.json('GET', path, { key: ws.key });
    expect(r.body.total).toBe(2);
    expect(r.body.items.map((o: { id: string }) => o.id)).toEqual([a.id, b.id]);
    expect(r.body.items[1].is_active).toBe(false);
    expect(await h.core.callOutcomes.activeNames(ws.orgId)).toEqual([...r.body.builtin, 'hot_lead']);
  });
});

describe('POST /v1/workspace/call-outcomes', () => {
  it('201 derives the snake_case name from the label', async () => {
    const ws = await h.newWorkspace();
    const o = await newOutcome({ label: 'Hot Lead!', description: 'Wants a quote' }, ws.key);
    expect(o).toMatchObject({
      name: 'hot_lead',
      label: 'Hot Lead!',
      description: 'Wants a quote',
      is_active: true,
    });
    expect(o.id).toMatch(/^cou_[0-9a-z]{26}$/);
    expect(o.created_at).toMatch(/Z$/);
  });
  it('201 keeps an explicit name and a null description', async () => {
    const o = await newOutcome({ label: 'Demo Scheduled', name: 'demo_ok', description: null });
    expect(o).toMatchObject({ name: 'demo_ok', description: null });
  });
  it('201 ignores unknown fields', async () => {
    const o = await newOutcome({ color: 'red', is_active: false });
    expect(o).not.toHaveProperty('color');
    expect(o.is_active).toBe(true);
  });
  it('409 CONFLICT for a name already used in the workspace (derived or explicit)', async () => {
    const ws = await h.newWorkspace();
    await newOutcome({ label: 'Callback Requested' }, ws.key);
    for (const body of [{ label: 'callback requested' }, { label: 'Other', name: 'callback_requested' }]) {
      const r = await h.json('POST', path, { key: ws.key, body });
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('CONFLICT');
      expect(r.body.error.details.name).toBe('callback_requested');
    }
  });
  it('201 the same name in another workspace', async () => {
    const a = await h.newWorkspace();
    const b = await h.newWorkspace();
    await newOutcome({ label: 'Shared Name' }, a.key);
    expect((await newOutcome({ label: 'Shared Name' }, b.key)).name).toBe('shared_name');
  });
  it('409 CONFLICT for a builtin name', async () => {
    for (const body of [{ label: 'Voicemail' }, { label: 'x', name: 'interested' }]) {
      const r = await h.json('POST', path, { body });
      expect(r.status).toBe(409);
      expect(r.body.error.message).toMatch(/builtin/);
    }
  });
  it('422 when the label derives to nothing, pointing at label', async () => {
    for (const lbl of ['!!!', '2nd try']) {
      const r = await h.json('POST', path, { body: { label: lbl } });
      expect(r.status).toBe(422);
      expect(r.body.detail[0].loc).toEqual(['body', 'label']);
      expect(r.body.error.message).toMatch(/send `name`/);
    }
  });
  const invalid: [string, Record<string, unknown>, (string | number)[]][] = [
    ['missing label', {}, ['body', 'label']],
    ['empty label', { label: '' }, ['body', 'label']],
    ['label too long', { label: 'x'.repeat(101) }, ['body', 'label']],
    ['name with capitals', { label: 'a', name: 'HotLead' }, ['body', 'name']],
    ['name starting with a digit', { label: 'a', name: '1lead' }, ['body', 'name']],
    ['name with a dash', { label: 'a', name: 'hot-lead' }, ['body', 'name']],
    ['name too long', { label: 'a', name: 'a'.repeat(41) }, ['body', 'name']],
    ['description too long', { label: 'a', description: 'x'.repeat(501) }, ['body', 'description']],
    ['label wrong type', { label: 7 }, ['body', 'label']],
  ];
  for (const [label, body, loc] of invalid) {
    it(`422 ${label}`, async () => {
      const r = await h.json('POST', path, { body });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('VALIDATION_ERROR');
      expect(r.body.detail.map((d: { loc: unknown }) => d.loc)).toContainEqual(loc);
    });
  }
});

describe('GET /v1/workspace/call-outcomes/{outcome_id}', () => {
  it('200 returns the outcome', async () => {
    const o = await newOutcome();
    const r = await h.json('GET', `${path}/${o.id}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(o);
  });
  it('404 CALL_OUTCOME_NOT_FOUND for an unknown or malformed id', async () => {
    for (const id of ['cou_01jd8x2k3m4n5p6q7r8s9t0v1w', 'hot_lead']) {
      const r = await h.json('GET', `${path}/${id}`);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('CALL_OUTCOME_NOT_FOUND');
    }
  });
});

describe('PATCH /v1/workspace/call-outcomes/{outcome_id}', () => {
  it('200 updates label, description and is_active; the name stays', async () => {
    const o = await newOutcome({ label: 'Warm Lead', description: 'd' });
    const r = await h.json('PATCH', `${path}/${o.id}`, {
      body: { label: 'Very Warm Lead', is_active: false },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      name: 'warm_lead',
      label: 'Very Warm Lead',
      is_active: false,
      description: 'd',
    });
    const cleared = await h.json('PATCH', `${path}/${o.id}`, { body: { description: null, label: null } });
    expect(cleared.body).toMatchObject({ description: null, label: 'Very Warm Lead' });
  });
  const invalid: [string, Record<string, unknown>, (string | number)[]][] = [
    ['name (immutable)', { name: 'renamed' }, ['body', 'name']],
    ['unknown field', { colour: 'red' }, ['body', 'colour']],
    ['empty label', { label: '' }, ['body', 'label']],
    ['is_active not a boolean', { is_active: 'no' }, ['body', 'is_active']],
    ['description too long', { description: 'x'.repeat(501) }, ['body', 'description']],
  ];
  for (const [label, body, loc] of invalid) {
    it(`422 ${label}, and nothing changes`, async () => {
      const o = await newOutcome();
      const r = await h.json('PATCH', `${path}/${o.id}`, { body });
      expect(r.status).toBe(422);
      expect(r.body.detail.map((d: { loc: unknown }) => d.loc)).toContainEqual(loc);
      expect((await h.json('GET', `${path}/${o.id}`)).body).toEqual(o);
    });
  }
  it('404 for an unknown outcome', async () => {
    const r = await h.json('PATCH', `${path}/cou_01jd8x2k3m4n5p6q7r8s9t0v1w`, { body: { label: 'x' } });
    expect(r.status).toBe(404);
  });
});

describe('DELETE /v1/workspace/call-outcomes/{outcome_id}', () => {
  it('204 deletes, then 404, and the name can be reused', async () => {
    const o = await newOutcome({ label: 'Reusable' });
    expect((await h.request('DELETE', `${path}/${o.id}`)).status).toBe(204);
    expect((await h.json('GET', `${path}/${o.id}`)).status).toBe(404);
    expect((await h.json('DELETE', `${path}/${o.id}`)).status).toBe(404);
    expect((await newOutcome({ label: 'Reusable' })).name).toBe('reusable');
  });
});

runSecurityCases('call outcomes', () => h, [
  { method: 'GET', prepare: async () => ({ path }) },
  { method: 'POST', prepare: async () => ({ path, body: { label: 'Sec' } }) },
  { method: 'GET', scoped: true, prepare: async () => ({ path: `${path}/${(await newOutcome()).id}` }) },
  {
    method: 'PATCH',
    scoped: true,
    prepare: async () => ({ path: `${path}/${(await newOutcome()).id}`, body: { label: 'y' } }),
  },
  { method: 'DELETE', scoped: true, prepare: async () => ({ path: `${path}/${(await newOutcome()).id}` }) },
]);
