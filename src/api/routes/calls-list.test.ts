import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAgent, newCallRow } from '../../../test/support/calls.ts';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { newId } from '../../domain/ids.ts';

let h: Harness;
let ws: { orgId: string; key: string };
let agentA: string;
let agentB: string;
/** Every seeded call, oldest first. */
const seeded: {
  id: string;
  agent_id: string;
  type: string;
  direction: string;
  status: string;
  outcome: string | null;
  created_at: string;
}[] = [];
/** In the future, so the monotonic id factory mints these ids at exactly these times (a call's created_at is its id time). */
const t0 = Math.ceil(Date.now() / 86_400_000 + 1) * 86_400_000;
const hour = 3_600_000;

/** Seed 12 calls an hour apart across two agents, three types, several statuses and outcomes. */
beforeAll(async () => {
  h = await createHarness();
  ws = await h.newWorkspace('list');
  agentA = await newAgent(h, ws.key);
  agentB = await newAgent(h, ws.key);
  const kinds = [
    { type: 'outbound', direction: 'outbound' },
    { type: 'inbound', direction: 'inbound' },
    { type: 'web', direction: 'inbound' },
  ] as const;
  for (let i = 0; i < 12; i++) {
    const ms = t0 + i * hour;
    const kind = kinds[i % 3]!;
    const call = newCallRow(i % 2 === 0 ? agentA : agentB, {
      id: newId('call', ms),
      ...kind,
      metadata: { i },
    });
    const stored = await h.core.callRepo.insert(ws.orgId, call);
    if (stored === 'daily_cap_reached') throw new Error('unexpected cap');
    expect(stored.created_at).toBe(new Date(ms).toISOString());
    let status = 'queued';
    if (i % 4 === 1) {
      await h.core.callRepo.transition(ws.orgId, call.id, 'initiated');
      status = 'initiated';
    }
    if (i % 4 === 2) {
      await h.core.callRepo.end(ws.orgId, call.id, 'cancelled', { ended_at: new Date(ms).toISOString() });
      status = 'failed';
    }
    const outcome = i % 3 === 0 ? 'interested' : null;
    if (outcome) await h.core.callRepo.setOutcome(ws.orgId, call.id, outcome);
    seeded.push({
      id: call.id,
      agent_id: call.agent_id,
      ...kind,
      status,
      outcome,
      created_at: stored.created_at,
    });
  }
  // Another workspace's call never shows up.
  const other = await h.newWorkspace('other');
  const otherAgent = await newAgent(h, other.key);
  await h.core.callRepo.insert(other.orgId, { ...newCallRow(otherAgent), id: newId('call', t0 + 5 * hour) });
});
afterAll(async () => {
  await h.close();
});

/** Expected ids, newest first, for a predicate over the seeded calls. */
const expected = (pred: (c: (typeof seeded)[number]) => boolean) =>
  seeded
    .filter(pred)
    .map((c) => c.id)
    .reverse();
const ids = (items: { id: string }[]) => items.map((c) => c.id);
const iso = (ms: number) => new Date(ms).toISOString();

const filterCases: [string, string, (c: (typeof seeded)[number]) => boolean][] = [
  ['no filter', '', () => true],
  ['agent_id', `agent_id=${'A'}`, (c) => c.agent_id === 'A'],
  ['status', 'status=failed', (c) => c.status === 'failed'],
  ['type', 'type=web', (c) => c.type === 'web'],
  ['direction', 'direction=inbound', (c) => c.direction === 'inbound'],
  ['outcome', 'outcome=interested', (c) => c.outcome === 'interested'],
  ['created_after', `created_after=${iso(t0 + 7 * hour)}`, (c) => Date.parse(c.created_at) > t0 + 7 * hour],
  ['created_before', `created_before=${iso(t0 + 3 * hour)}`, (c) => Date.parse(c.created_at) < t0 + 3 * hour],
  [
    'a combination',
    `type=outbound&status=queued&created_after=${iso(t0 - 1)}&created_before=${iso(t0 + 11 * hour)}`,
    (c) => c.type === 'outbound' && c.status === 'queued' && Date.parse(c.created_at) < t0 + 11 * hour,
  ],
];
/** Agent placeholders are resolved once the agents exist. */
const q = (query: string) => query.replace('agent_id=A', `agent_id=${agentA}`);
const p = (pred: (c: (typeof seeded)[number]) => boolean) => (c: (typeof seeded)[number]) =>
  pred({ ...c, agent_id: c.agent_id === agentA ? 'A' : 'B' });

describe('GET /v1/calls', () => {
  for (const [label, query, pred] of filterCases) {
    it(`200 filters by ${label}, newest first, with the filtered total`, async () => {
      const r = await h.json('GET', `/v1/calls?limit=100&${q(query)}`, { key: ws.key });
      expect(r.status).toBe(200);
      const want = expected(p(pred));
      expect(want.length).toBeGreaterThan(0);
      expect(ids(r.body.items)).toEqual(want);
      expect(r.body).toMatchObject({ total: want.length, limit: 100, offset: 0 });
    });
  }

  it('200 pages with limit and offset', async () => {
    const r = await h.json('GET', '/v1/calls?limit=5&offset=5', { key: ws.key });
    expect(ids(r.body.items)).toEqual(expected(() => true).slice(5, 10));
    expect(r.body).toMatchObject({ total: 12, limit: 5, offset: 5 });
  });

  it('200 with the default limit 20', async () => {
    const r = await h.json('GET', '/v1/calls', { key: ws.key });
    expect(r.body.limit).toBe(20);
    expect(r.body.items[0]).toHaveProperty('messages');
  });
});

describe('GET /v1/calls/cursor', () => {
  for (const [label, query, pred] of filterCases) {
    it(`200 walks every page (limit 2) filtered by ${label} without gaps or repeats`, async () => {
      const want = expected(p(pred));
      const got: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const r: { status: number; body: any } = await h.json(
          'GET',
          `/v1/calls/cursor?limit=2&${q(query)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          { key: ws.key },
        );
        expect(r.status).toBe(200);
        expect(r.body.limit).toBe(2);
        got.push(...ids(r.body.items));
        cursor = r.body.next_cursor;
        expect(r.body.has_more).toBe(cursor !== null);
        pages++;
      } while (cursor && pages < 20);
      expect(got).toEqual(want);
      expect(pages).toBe(Math.max(1, Math.ceil(want.length / 2)));
    });
  }

  it('200 an exact last page says has_more false and next_cursor null', async () => {
    const r = await h.json('GET', '/v1/calls/cursor?limit=12', { key: ws.key });
    expect(r.body.items).toHaveLength(12);
    expect(r.body).toMatchObject({ has_more: false, next_cursor: null, limit: 12 });
  });

  it('200 with the default limit 20', async () => {
    const r = await h.json('GET', '/v1/calls/cursor', { key: ws.key });
    expect(r.body).toMatchObject({ limit: 20, has_more: false, next_cursor: null });
  });

  for (const cursor of [
    'garbage',
    Buffer.from('c1:call_x').toString('base64url'),
    'call_01jd8x2k3m4n5p6q7r8s9t0v1w',
  ]) {
    it(`422 for a cursor that was not issued (${cursor.slice(0, 12)}…)`, async () => {
      const r = await h.json('GET', `/v1/calls/cursor?cursor=${cursor}`, { key: ws.key });
      expect(r.status).toBe(422);
      expect(r.body.detail[0].loc).toEqual(['query', 'cursor']);
    });
  }
});

describe('list query validation', () => {
  const bad: [string, string][] = [
    ['status=ringing', 'status'],
    ['type=sip', 'type'],
    ['direction=sideways', 'direction'],
    ['outcome=Interested', 'outcome'],
    ['agent_id=nope', 'agent_id'],
    ['created_after=yesterday', 'created_after'],
    ['created_before=2026-03-01', 'created_before'],
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
  ];
  for (const path of ['/v1/calls', '/v1/calls/cursor'])
    for (const [query, field] of bad) {
      it(`422 ${path}?${query}`, async () => {
        const r = await h.json('GET', `${path}?${query}`, { key: ws.key });
        expect(r.status).toBe(422);
        expect(r.body.detail[0].loc).toEqual(['query', field]);
      });
    }
  it('422 /v1/calls?offset=-1', async () => {
    const r = await h.json('GET', '/v1/calls?offset=-1', { key: ws.key });
    expect(r.status).toBe(422);
  });
});
