import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { runSecurityCases } from '../../../test/support/security.ts';
import { newId } from '../../domain/ids.ts';

let h: Harness;
let now: number;
beforeAll(async () => {
  h = await createHarness();
  // Mid-month noon UTC, so "earlier this month" and "today" are distinct days on any run date.
  const d = new Date(h.clock.now());
  h.clock.advance(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 15, 12) - h.clock.now());
  now = h.clock.now();
});
afterAll(async () => {
  await h.close();
});

const hour = 3_600_000;
async function insertCall(
  orgId: string,
  at: number,
  extra: { credits?: number; cost?: number; status?: string; endReason?: string } = {},
) {
  await h.store.db
    .insertInto('calls')
    .values({
      id: newId('call', at),
      org_id: orgId,
      agent_id: 'agt_01jd8x2k3m4n5p6q7r8s9t0v1w',
      type: 'outbound',
      direction: 'outbound',
      status: extra.status ?? 'completed',
      end_reason: extra.endReason ?? null,
      credits_used: extra.credits ?? null,
      cost_cents: extra.cost ?? null,
      created_at: new Date(at),
    })
    .execute();
}

describe('GET /v1/usage', () => {
  it('200 all zeros with the workspace limits for a new workspace', async () => {
    const ws = await h.newWorkspace();
    const r = await h.json('GET', '/v1/usage', { key: ws.key });
    expect(r.status).toBe(200);
    const d = new Date(now);
    expect(r.body).toEqual({
      calls_made_today: 0,
      max_calls_per_day: 1000,
      calls_remaining_today: 1000,
      calls_this_month: 0,
      minutes_used_this_month: 0,
      cost_cents_this_month: 0,
      kb_token_budget: 10000,
      period_start: new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)).toISOString(),
    });
  });

  it('200 counts today and this month from the calls table, UTC, without cancelled calls or other workspaces', async () => {
    const ws = await h.newWorkspace();
    const other = await h.newWorkspace();
    const today = now - 12 * hour; // 00:00 UTC today
    await insertCall(ws.orgId, today + 1 * hour, { credits: 1.5, cost: 12.4 });
    await insertCall(ws.orgId, today + 2 * hour, { status: 'queued' });
    await insertCall(ws.orgId, today + 3 * hour, { status: 'failed', endReason: 'cancelled', credits: 9 });
    await insertCall(ws.orgId, today + 4 * hour, { status: 'failed', endReason: 'no_answer', cost: 0.2 });
    await insertCall(ws.orgId, today - 5 * 24 * hour, { credits: 2.25, cost: 30.35 });
    await insertCall(ws.orgId, today - 20 * 24 * hour, { credits: 100, cost: 999 }); // last month
    await insertCall(ws.orgId, today - 1, { credits: 0.0001 }); // 23:59:59.999 yesterday
    await insertCall(other.orgId, today + hour, { credits: 50, cost: 50 });
    const r = await h.json('GET', '/v1/usage', { key: ws.key });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      calls_made_today: 3,
      max_calls_per_day: 1000,
      calls_remaining_today: 997,
      calls_this_month: 5,
      minutes_used_this_month: 3.7501,
      cost_cents_this_month: 43,
      kb_token_budget: 10000,
    });
    expect(Number.isInteger(r.body.cost_cents_this_month)).toBe(true);
    expect(await h.core.usage.callsMadeToday(ws.orgId)).toBe(3);
  });

  it('200 uses the workspace cap and never shows negative remaining calls', async () => {
    const ws = await h.newWorkspace();
    await h.store.db
      .updateTable('workspaces')
      .set({ max_calls_per_day: 2, kb_token_budget: 50_000 })
      .where('id', '=', ws.orgId)
      .execute();
    for (let i = 1; i <= 3; i++) await insertCall(ws.orgId, now - i * 60_000);
    const r = await h.json('GET', '/v1/usage', { key: ws.key });
    expect(r.body).toMatchObject({
      calls_made_today: 3,
      max_calls_per_day: 2,
      calls_remaining_today: 0,
      kb_token_budget: 50_000,
    });
  });

  it('200 resets the daily counters at 00:00 UTC and the monthly ones on the 1st', async () => {
    const ws = await h.newWorkspace();
    await insertCall(ws.orgId, now - 60_000, { credits: 2 });
    h.clock.advance(12 * hour); // exactly midnight UTC: a new day, same month
    const nextDay = await h.json('GET', '/v1/usage', { key: ws.key });
    expect(nextDay.body).toMatchObject({
      calls_made_today: 0,
      calls_this_month: 1,
      minutes_used_this_month: 2,
    });
    const d = new Date(h.clock.now());
    h.clock.advance(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - h.clock.now());
    const nextMonth = await h.json('GET', '/v1/usage', { key: ws.key });
    expect(nextMonth.body).toMatchObject({
      calls_made_today: 0,
      calls_this_month: 0,
      minutes_used_this_month: 0,
    });
    expect(nextMonth.body.period_start).toBe(new Date(h.clock.now()).toISOString());
  });
});

describe('GET /v1/usage/daily', () => {
  const day = 24 * hour;
  const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  /** 00:00 UTC today on the harness clock (other tests move it). */
  const midnight = () => {
    const d = new Date(h.clock.now());
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  };

  it('200 thirty zero days ending today for a new workspace, oldest first', async () => {
    const ws = await h.newWorkspace();
    const r = await h.json('GET', '/v1/usage/daily', { key: ws.key });
    expect(r.status).toBe(200);
    const today = midnight();
    expect(r.body).toMatchObject({ days: 30, from: date(today - 29 * day), to: date(today) });
    expect(r.body.items).toHaveLength(30);
    expect(r.body.items.map((d: { date: string }) => d.date)).toEqual(
      Array.from({ length: 30 }, (_, i) => date(today - (29 - i) * day)),
    );
    for (const d of r.body.items) expect(d).toEqual({ date: d.date, calls: 0, minutes: 0, cost_cents: 0 });
  });

  it('200 sums each UTC day, without cancelled calls, other workspaces or days outside the range', async () => {
    const ws = await h.newWorkspace();
    const other = await h.newWorkspace();
    const today = midnight();
    await insertCall(ws.orgId, today, { credits: 1.25, cost: 10.4 }); // 00:00:00.000 today
    await insertCall(ws.orgId, today + 5 * hour, { credits: 0.5, cost: 0.2 });
    await insertCall(ws.orgId, today + 6 * hour, { status: 'queued' });
    await insertCall(ws.orgId, today + 7 * hour, { status: 'failed', endReason: 'cancelled', credits: 9 });
    await insertCall(ws.orgId, today - 1, { credits: 0.0001, cost: 3 }); // 23:59:59.999 yesterday
    await insertCall(ws.orgId, today - 2 * day + hour, { credits: 2, cost: 7.5 });
    await insertCall(ws.orgId, today - 3 * day, { credits: 100, cost: 999 }); // before a 3-day window
    await insertCall(other.orgId, today + hour, { credits: 50, cost: 50 });
    const r = await h.json('GET', '/v1/usage/daily?days=3', { key: ws.key });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      days: 3,
      from: date(today - 2 * day),
      to: date(today),
      items: [
        { date: date(today - 2 * day), calls: 1, minutes: 2, cost_cents: 8 },
        { date: date(today - day), calls: 1, minutes: 0.0001, cost_cents: 3 },
        { date: date(today), calls: 3, minutes: 1.75, cost_cents: 11 },
      ],
    });
    const one = await h.json('GET', '/v1/usage/daily?days=1', { key: ws.key });
    expect(one.body.items).toEqual([{ date: date(today), calls: 3, minutes: 1.75, cost_cents: 11 }]);
  });

  it('200 covers up to 366 days', async () => {
    const r = await h.json('GET', '/v1/usage/daily?days=366');
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(366);
    expect(r.body.items.at(-1).date).toBe(date(midnight()));
  });

  it.each([
    ['0', 'greater_than_equal'],
    ['367', 'less_than_equal'],
    ['1.5', 'int_type'],
    ['abc', 'number_type'],
    ['', 'greater_than_equal'],
  ])('422 for days=%s', async (days, type) => {
    const r = await h.json('GET', `/v1/usage/daily?days=${days}`);
    expect(r.status).toBe(422);
    expect(r.body.detail[0].loc).toEqual(['query', 'days']);
    expect(r.body.detail[0].type).toBe(type);
    expect(r.body.error.code).toBe('VALIDATION_ERROR');
  });
});

runSecurityCases('usage', () => h, [
  { method: 'GET', prepare: async () => ({ path: '/v1/usage' }) },
  { method: 'GET', prepare: async () => ({ path: '/v1/usage/daily?days=7' }) },
]);
