import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addNumber, callsApi, newAgent, newCallRow, randomNumber } from '../../../test/support/calls.ts';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { countingTransactions } from '../../../test/support/store-probe.ts';
import type { NewCall } from '../../domain/call/call.ts';
import { newId } from '../../domain/ids.ts';
import { PgCallRepo } from '../../store/calls-repo.ts';

let h: Harness;
let api: Awaited<ReturnType<typeof callsApi>>;
beforeAll(async () => {
  h = await createHarness();
  api = await callsApi(h);
});
afterAll(async () => {
  await h.close();
});

const day = 86_400_000;

/** A workspace with an agent, a number and `cap` calls a day; `post` schedules one call an hour ahead. */
async function cappedWorkspace(cap: number) {
  const ws = await h.newWorkspace();
  const agent = await newAgent(h, ws.key);
  const from = await addNumber(h, ws.orgId, randomNumber());
  await setCap(ws.orgId, cap);
  const post = () =>
    api.json('POST', '/v1/calls', {
      key: ws.key,
      body: {
        agent_id: agent,
        from_number: from,
        to_number: '+14155559876',
        scheduled_at: new Date(h.clock.now() + 3_600_000).toISOString(),
      },
    });
  return { ...ws, agent, post };
}

async function setCap(orgId: string, cap: number) {
  await h.store.db
    .updateTable('workspaces')
    .set({ max_calls_per_day: cap })
    .where('id', '=', orgId)
    .execute();
}

/** `newId` is monotonic (an earlier time mints at the latest one), so past ids come from plain `ulid`. */
function newCall(agentId: string, ms: number, past = false): NewCall {
  const id = past ? `call_${ulid(ms).toLowerCase()}` : newId('call', ms);
  return newCallRow(agentId, { id, type: 'inbound', direction: 'inbound' });
}

async function dayCount(orgId: string): Promise<number | undefined> {
  const r = await h.store.db
    .selectFrom('call_day_counts')
    .select('calls')
    .where('org_id', '=', orgId)
    .where('day', '=', Math.floor(h.clock.now() / day))
    .executeTakeFirst();
  return r?.calls;
}

describe('daily call cap', () => {
  it("seeds the day's count from calls stored before the counter existed", async () => {
    const ws = await cappedWorkspace(3);
    // Three calls stored today without the counter (as by an earlier version), one cancelled; one yesterday.
    for (const ms of [
      h.clock.now() - 1000,
      h.clock.now() - 2000,
      h.clock.now() - 3000,
      h.clock.now() - day,
    ]) {
      const { id, agent_id, type, direction, status } = newCall(ws.agent, ms, true);
      const at = new Date(ms);
      await h.store.db
        .insertInto('calls')
        .values({ id, agent_id, type, direction, status, org_id: ws.orgId, created_at: at, updated_at: at })
        .execute();
    }
    const newest = await h.store.db
      .selectFrom('calls')
      .select('id')
      .where('org_id', '=', ws.orgId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    await h.store.db
      .updateTable('calls')
      .set({ status: 'failed', end_reason: 'cancelled' })
      .where('id', '=', newest.id)
      .execute();
    expect(await dayCount(ws.orgId)).toBeUndefined();
    expect((await ws.post()).status).toBe(201);
    expect(await dayCount(ws.orgId)).toBe(3);
    const r = await ws.post();
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('DAILY_CALL_LIMIT_REACHED');
  });

  it('stores a call under the cap without a transaction once the day has its counter', async () => {
    const ws = await cappedWorkspace(3);
    const { db, transactions } = countingTransactions(h.store.db);
    const repo = new PgCallRepo(db);
    const insert = (cap: number) => repo.insert(ws.orgId, newCall(ws.agent, h.clock.now()), { limit: cap });
    expect(await insert(3)).not.toBe('daily_cap_reached');
    expect(transactions()).toBe(1); // the day's first call seeds the counter
    expect(await insert(3)).not.toBe('daily_cap_reached');
    expect(await insert(3)).not.toBe('daily_cap_reached');
    expect(transactions()).toBe(1);
    expect(await dayCount(ws.orgId)).toBe(3);
    // At the cap the call is refused (in a transaction that rolls back) and the count stays.
    expect(await insert(3)).toBe('daily_cap_reached');
    expect(transactions()).toBe(2);
    expect(await dayCount(ws.orgId)).toBe(3);
    expect(await insert(4)).not.toBe('daily_cap_reached');
    expect(await dayCount(ws.orgId)).toBe(4);
  });

  it("holds a call to the workspace's own cap, read by the insert's statement itself", async () => {
    const ws = await cappedWorkspace(2);
    const { db, transactions } = countingTransactions(h.store.db);
    const repo = new PgCallRepo(db);
    const insert = () => repo.insert(ws.orgId, newCall(ws.agent, h.clock.now()), 'workspace');
    expect(await insert()).not.toBe('daily_cap_reached'); // seeds the day's counter
    expect(await insert()).not.toBe('daily_cap_reached');
    expect(transactions()).toBe(1);
    expect(await insert()).toBe('daily_cap_reached');
    expect(await dayCount(ws.orgId)).toBe(2);
    // A raised cap applies to the next call, in the one autocommit statement.
    await setCap(ws.orgId, 3);
    expect(await insert()).not.toBe('daily_cap_reached');
    expect(transactions()).toBe(2);
    expect(await dayCount(ws.orgId)).toBe(3);
  });

  it('counts inbound and web calls, which are stored without the cap', async () => {
    const ws = await cappedWorkspace(2);
    const stored = await h.core.callRepo.insert(ws.orgId, newCall(ws.agent, h.clock.now()));
    expect(stored).not.toBe('daily_cap_reached');
    expect(await dayCount(ws.orgId)).toBe(1);
    expect((await ws.post()).status).toBe(201);
    expect((await ws.post()).status).toBe(429);
    // Uncapped inserts still go in past the cap (an inbound call is answered), and are counted.
    expect(await h.core.callRepo.insert(ws.orgId, newCall(ws.agent, h.clock.now()))).not.toBe(
      'daily_cap_reached',
    );
    expect(await dayCount(ws.orgId)).toBe(3);
  });

  it('admits exactly the cap from concurrent requests, and refused ones do not count', async () => {
    const ws = await cappedWorkspace(4);
    const statuses = (await Promise.all(Array.from({ length: 10 }, () => ws.post()))).map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(6);
    expect(await dayCount(ws.orgId)).toBe(4);
    const { n } = await h.store.db
      .selectFrom('calls')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', ws.orgId)
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(4);
    await setCap(ws.orgId, 5);
    expect((await ws.post()).status).toBe(201);
    expect((await ws.post()).status).toBe(429);
  });

  it('gives a cancelled scheduled call its place back, as calls_made_today does', async () => {
    const ws = await cappedWorkspace(2);
    const first = await ws.post();
    expect((await ws.post()).status).toBe(201);
    expect((await ws.post()).status).toBe(429);
    const stopped = await api.json('POST', `/v1/calls/${first.body.id}/stop`, { key: ws.key });
    expect(stopped.body.end_reason).toBe('cancelled');
    expect(await dayCount(ws.orgId)).toBe(1);
    expect(await h.core.usage.callsMadeToday(ws.orgId)).toBe(1);
    // Stopping it again changes nothing.
    await api.json('POST', `/v1/calls/${first.body.id}/stop`, { key: ws.key });
    expect(await dayCount(ws.orgId)).toBe(1);
    expect((await ws.post()).status).toBe(201);
    expect((await ws.post()).status).toBe(429);
  });

  it('starts a new count each UTC day and drops counters older than yesterday', async () => {
    const ws = await cappedWorkspace(1);
    expect((await ws.post()).status).toBe(201);
    expect((await ws.post()).status).toBe(429);
    for (let d = 1; d <= 3; d++) {
      h.clock.advance(day);
      expect((await ws.post()).status).toBe(201);
      expect(await dayCount(ws.orgId)).toBe(1);
    }
    const days = await h.store.db
      .selectFrom('call_day_counts')
      .select('day')
      .where('org_id', '=', ws.orgId)
      .orderBy('day')
      .execute();
    const today = Math.floor(h.clock.now() / day);
    expect(days.map((r) => r.day)).toEqual([today - 1, today]);
  });
});
