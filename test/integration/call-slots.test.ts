import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClusterCallLauncher } from '../../src/cluster/cluster-call-launcher.ts';
import { LocalControlBus } from '../../src/cluster/control-bus.ts';
import { leaseMs } from '../../src/compose-post-call.ts';
import { newId } from '../../src/domain/ids.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { PgCallSlots } from '../../src/store/call-slots-repo.ts';
import { addNumber, newCallRow, randomNumber } from '../support/calls.ts';
import { createHarness, type Harness } from '../support/harness.ts';
import { AnsweringLauncher, eventsOf, finishedCall } from '../support/post-call.ts';
import { countingStatements } from '../support/store-probe.ts';

// Each test runs a whole call's post-call path (finalize, outbox, HTTP); allow for a loaded CI box.
vi.setConfig({ testTimeout: 20_000 });
let h: Harness;
const engine = new AnsweringLauncher();

beforeAll(async () => {
  h = await createHarness({ callLauncher: engine });
  engine.bind(h);
});
afterAll(async () => {
  await h.close();
});

/** A workspace allowed `max` calls at once, with an agent and a sim number. */
async function workspace(max: number) {
  const { orgId, key } = await h.newWorkspace('slots');
  await h.store.db
    .updateTable('workspaces')
    .set({ max_concurrent_calls: max })
    .where('id', '=', orgId)
    .execute();
  const agent = await h.json('POST', '/v1/agents', { key, body: { name: 'Caller' } });
  const from = await addNumber(h, orgId, randomNumber());
  const create = async (extra: Record<string, unknown> = {}) => {
    const r = await h.json('POST', '/v1/calls', {
      key,
      body: { agent_id: agent.body.id, to_number: '+14155559876', from_number: from, ...extra },
    });
    expect(r.status).toBe(201);
    h.clock.advance(1);
    return r.body as { id: string; status: string; created_at: string; metadata: Record<string, unknown> };
  };
  const get = async (id: string) => (await h.json('GET', `/v1/calls/${id}`, { key })).body;
  return { orgId, key, agentId: agent.body.id as string, create, get };
}

describe('concurrency slots (max_concurrent_calls)', () => {
  it('excess calls wait queued and start in order as slots free; concurrency_at_dispatch is recorded', async () => {
    const w = await workspace(2);
    const [a, b, c, d] = [await w.create(), await w.create(), await w.create(), await w.create()];
    expect([a, b, c, d].map((x) => x.status)).toEqual(['in_progress', 'in_progress', 'queued', 'queued']);
    expect(a.metadata.concurrency_at_dispatch).toBe(1);
    expect(b.metadata.concurrency_at_dispatch).toBe(2);
    expect(c.metadata.concurrency_at_dispatch).toBeUndefined();
    expect((await h.json('POST', `/v1/calls/${a.id}/stop`, { key: w.key })).body.status).toBe('completed');
    await h.queue.drain(h.clock.now());
    expect((await w.get(c.id)).status).toBe('in_progress');
    expect((await w.get(c.id)).metadata.concurrency_at_dispatch).toBe(2);
    expect((await w.get(d.id)).status).toBe('queued');
    await h.json('POST', `/v1/calls/${b.id}/stop`, { key: w.key });
    await h.queue.drain(h.clock.now());
    expect((await w.get(d.id)).status).toBe('in_progress');
    expect(engine.launched.filter((id) => [a.id, b.id, c.id, d.id].includes(id))).toEqual([
      a.id,
      b.id,
      c.id,
      d.id,
    ]);
  });

  it('a waiting call can be cancelled with stop; it gets call.failed and never starts', async () => {
    const w = await workspace(1);
    const a = await w.create();
    const b = await w.create();
    expect(b.status).toBe('queued');
    const stopped = await h.json('POST', `/v1/calls/${b.id}/stop`, { key: w.key });
    expect(stopped.body).toMatchObject({ status: 'failed', end_reason: 'cancelled' });
    await h.json('POST', `/v1/calls/${a.id}/stop`, { key: w.key });
    await h.queue.drain(h.clock.now());
    expect(engine.launched).not.toContain(b.id);
    expect(await eventsOf(h, b.id)).toEqual(['call.failed', 'call.analyzed']);
  });

  it('a due scheduled call waits for a slot too, behind calls that have waited longer', async () => {
    const w = await workspace(1);
    const a = await w.create();
    // Within one lease (no heartbeat runs in tests).
    const s = await w.create({ scheduled_at: new Date(h.clock.now() + 20_000).toISOString() });
    h.clock.advance(20_000);
    await h.queue.drain(h.clock.now());
    expect((await w.get(s.id)).status).toBe('queued');
    const late = await w.create();
    expect(late.status).toBe('queued');
    await h.json('POST', `/v1/calls/${a.id}/stop`, { key: w.key });
    await h.queue.drain(h.clock.now());
    expect((await w.get(s.id)).status).toBe('in_progress');
    expect((await w.get(late.id)).status).toBe('queued');
  });

  it('call ids carry the injected clock’s time, so a later-scheduled call never overtakes an earlier waiter', async () => {
    const w = await workspace(1);
    const busy = await w.create();
    const waitingSince = h.clock.now();
    const early = await w.create();
    expect(early.created_at).toBe(new Date(waitingSince).toISOString());
    const late = await w.create({ scheduled_at: new Date(h.clock.now() + 5).toISOString() });
    h.clock.advance(20);
    await h.queue.drain(h.clock.now());
    expect([busy.status, early.status, (await w.get(late.id)).status]).toEqual([
      'in_progress',
      'queued',
      'queued',
    ]);
    await h.json('POST', `/v1/calls/${busy.id}/stop`, { key: w.key });
    await h.queue.drain(h.clock.now());
    expect([(await w.get(early.id)).status, (await w.get(late.id)).status]).toEqual([
      'in_progress',
      'queued',
    ]);
  });

  it('inbound calls take a slot even over the limit (someone is on the line)', async () => {
    const w = await workspace(1);
    await w.create();
    const stored = await h.core.callRepo.insert(
      w.orgId,
      newCallRow(w.agentId, {
        id: newId('call', h.clock.now()),
        type: 'inbound',
        direction: 'inbound',
        from_number: '+14155559876',
        to_number: '+14155550100',
        carrier: 'sim',
      }),
    );
    if (stored === 'daily_cap_reached') throw new Error('unexpected cap');
    const launched = await h.core.calls.launch(stored);
    expect(launched.status).toBe('in_progress');
    expect(launched.metadata.concurrency_at_dispatch).toBe(2);
  });

  it('a call that already holds a slot gets no second one, and its marker is not rewritten', async () => {
    const w = await workspace(5);
    const stored = await h.core.callRepo.insert(
      w.orgId,
      newCallRow(w.agentId, { id: newId('call', h.clock.now()), carrier: 'sim' }),
    );
    if (stored === 'daily_cap_reached') throw new Error('unexpected cap');
    const slots = new PgCallSlots(h.store.db, { nodeId: 'n', holder: 'n/1' }, h.clock, 60_000);
    const first = await slots.acquire(stored, { force: true });
    expect(first?.metadata.concurrency_at_dispatch).toBe(1);
    expect(await slots.acquire(stored, { force: true })).toBeUndefined();
    expect(await slots.acquire(stored)).toBeUndefined();
    const held = await h.store.db
      .selectFrom('call_slots')
      .selectAll()
      .where('call_id', '=', stored.id)
      .execute();
    expect(held).toHaveLength(1);
    expect((await w.get(stored.id)).metadata.concurrency_at_dispatch).toBe(1);
  });

  it('startable names the oldest waiting calls up to the free slots, in one statement, and none over the limit', async () => {
    const w = await workspace(3);
    const insert = async () => {
      const c = await h.core.callRepo.insert(
        w.orgId,
        newCallRow(w.agentId, { id: newId('call', h.clock.now()), carrier: 'sim' }),
      );
      h.clock.advance(1);
      if (c === 'daily_cap_reached') throw new Error('unexpected cap');
      return c;
    };
    const live = await insert();
    const waiting = [await insert(), await insert(), await insert()];
    const { db, statements } = countingStatements(h.store.db);
    const slots = new PgCallSlots(db, { nodeId: 'n', holder: 'n/1' }, h.clock, 60_000);
    await slots.acquire(live, { force: true });
    const before = statements();
    expect(await slots.startable(w.orgId)).toEqual([waiting[0]!.id, waiting[1]!.id]);
    expect(statements() - before).toBe(1);
    // Over the limit (inbound calls took slots beyond it): nothing may start.
    for (const c of waiting) await slots.acquire(c, { force: true });
    expect(await slots.startable(w.orgId)).toEqual([]);
  });

  it('a burst of inbound calls to one workspace all take slots at once, each marked with the calls then live', async () => {
    const w = await workspace(1);
    const slots = new PgCallSlots(h.store.db, { nodeId: 'n', holder: 'n/1' }, h.clock, 60_000);
    const stored = [];
    for (let i = 0; i < 6; i++) {
      const c = await h.core.callRepo.insert(
        w.orgId,
        newCallRow(w.agentId, { id: newId('call', h.clock.now()), direction: 'inbound', carrier: 'sim' }),
      );
      if (c === 'daily_cap_reached') throw new Error('unexpected cap');
      stored.push(c);
      h.clock.advance(1);
    }
    // The first alone, then five together: over the limit of 1, none waits for another.
    const first = await slots.acquire(stored[0]!, { force: true });
    const rest = await Promise.all(stored.slice(1).map((c) => slots.acquire(c, { force: true })));
    expect(first?.metadata.concurrency_at_dispatch).toBe(1);
    for (const r of rest) {
      const n = r?.metadata.concurrency_at_dispatch as number;
      expect(n).toBeGreaterThanOrEqual(2);
      expect(n).toBeLessThanOrEqual(6);
    }
    const held = await h.store.db
      .selectFrom('call_slots')
      .select('call_id')
      .where('org_id', '=', w.orgId)
      .execute();
    expect(held.map((r) => r.call_id).sort()).toEqual(stored.map((c) => c.id).sort());
  });
});

describe('leases and the watchdog', () => {
  it('renewed leases keep their calls; an expired lease fails the call (server_restart) with its events', async () => {
    const w = await workspace(5);
    const kept = await w.create();
    const orphan = await w.create();
    await h.store.db
      .updateTable('call_slots')
      .set({ holder: 'dead-node/1', node_id: 'dead-node' })
      .where('call_id', '=', orphan.id)
      .execute();
    engine.live.delete(orphan.id);
    h.clock.advance(leaseMs - 5_000);
    await h.core.slots.renew();
    h.clock.advance(10_000);
    const report = await h.core.cluster.watchdog.tick();
    expect(report.failed).toBeGreaterThanOrEqual(1);
    expect((await w.get(kept.id)).status).toBe('in_progress');
    await h.queue.drain(h.clock.now());
    const failed = await w.get(orphan.id);
    expect(failed).toMatchObject({ status: 'failed', end_reason: 'server_restart' });
    expect(failed.error_message).toMatch(/process running this call stopped/);
    expect(await eventsOf(h, orphan.id)).toEqual([
      'call.started',
      'call.ended',
      'call.analyzed',
      'transcript.final',
    ]);
    expect(
      await h.store.db.selectFrom('call_slots').select('call_id').where('call_id', '=', orphan.id).execute(),
    ).toEqual([]);
  });

  it('recovery on start (embedded store): calls of earlier runs end at once, and finalize restarts', async () => {
    const w = await workspace(5);
    const live = await w.create();
    await h.store.db
      .updateTable('call_slots')
      .set({ holder: 'earlier-run/1' })
      .where('call_id', '=', live.id)
      .execute();
    engine.live.delete(live.id);
    const ended = await finishedCall(h, w.orgId, w.agentId, { connected: false, reason: 'busy' });
    h.clock.advance(11_000);
    const report = await h.core.cluster.watchdog.recover({ allOtherHoldersDead: true, stableNodeId: false });
    expect(report.failed).toBeGreaterThanOrEqual(1);
    expect(report.finalizing).toBeGreaterThanOrEqual(1);
    await h.queue.drain(h.clock.now());
    expect(await w.get(live.id)).toMatchObject({ status: 'failed', end_reason: 'server_restart' });
    expect((await w.get(ended.id)).analysis.outcome).toBe('not_connected');
    expect(await eventsOf(h, ended.id)).toEqual(['call.failed', 'call.analyzed']);
  });

  it('a queued call whose slot expired before it dialled waits for a slot again', async () => {
    const w = await workspace(1);
    const stuck = await finishedCall(h, w.orgId, w.agentId, { live: true, connected: false });
    await h.store.db.updateTable('calls').set({ status: 'queued' }).where('id', '=', stuck.id).execute();
    const other = new PgCallSlots(h.store.db, { nodeId: 'gone', holder: 'gone/1' }, h.clock, 1000);
    expect(await other.acquire({ ...stuck, status: 'queued' })).toBeDefined();
    h.clock.advance(2000);
    await h.core.cluster.watchdog.tick();
    await h.queue.drain(h.clock.now());
    expect((await w.get(stuck.id)).status).toBe('in_progress');
  });
});

describe('stop across processes (ClusterCallLauncher)', () => {
  it('a stop received by another process reaches the process holding the call, and waits for it', async () => {
    const w = await workspace(5);
    const call = await w.create();
    const bus = new LocalControlBus();
    const holder = (await h.core.slots.holderOf(call.id))!;
    const runner = new ClusterCallLauncher({
      local: engine,
      slots: h.core.slots,
      bus,
      node: { nodeId: holder.nodeId, holder: holder.holder, stable: false },
      failOrphan: async () => {},
      clock: h.clock,
      logger: silentLogger(),
    });
    const elsewhere = new ClusterCallLauncher({
      local: { launch: async () => {}, stop: async () => expect.unreachable('not the holder') },
      slots: h.core.slots,
      bus,
      node: { nodeId: 'node-b', holder: 'node-b/1', stable: false },
      failOrphan: async () => expect.unreachable('the holder is alive'),
      clock: h.clock,
      logger: silentLogger(),
    });
    await elsewhere.stop(call.id, 'api_stop');
    expect(await w.get(call.id)).toMatchObject({ status: 'completed', end_reason: 'api_stop' });
    runner.close();
    elsewhere.close();
  });

  it('a stop for a call whose process died fails it right away', async () => {
    const w = await workspace(5);
    const call = await w.create();
    await h.store.db
      .updateTable('call_slots')
      .set({ holder: 'dead/1', expires_at: new Date(h.clock.now() - 1) })
      .where('call_id', '=', call.id)
      .execute();
    engine.live.delete(call.id);
    const r = await h.json('POST', `/v1/calls/${call.id}/stop`, { key: w.key });
    expect(r.body).toMatchObject({ status: 'failed', end_reason: 'server_restart' });
  });
});
