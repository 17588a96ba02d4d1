import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newCallRow } from '../../test/support/calls.ts';
import { createHarness, type Harness } from '../../test/support/harness.ts';
import type { CallRecord } from '../domain/call/call.ts';
import { newId } from '../domain/ids.ts';
import { CallsById } from './calls-by-id.ts';
import type { Db } from './db.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

/** The store's Kysely, counting the statements sent through it; their answers wait for `held`. */
function countingExecutions(real: Db, held?: Promise<void>): { db: Db; executed: () => number } {
  let n = 0;
  const db = new Proxy(real, {
    get(target, prop) {
      if (prop === 'executeQuery')
        return async (...args: Parameters<Db['executeQuery']>) => {
          n++;
          const result = await target.executeQuery(...args);
          await held;
          return result;
        };
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return { db, executed: () => n };
}

/** Releases of held readers, run after each test so a failed one leaves nothing waiting. */
const releases: (() => void)[] = [];
afterEach(() => {
  for (const release of releases.splice(0)) release();
});

const nextTurn = () => new Promise((r) => setImmediate(r));

/** A reader whose statements stay out (sent, unanswered) until `release`. */
function heldReader() {
  let release = () => {};
  const held = new Promise<void>((r) => {
    release = r;
  });
  releases.push(release);
  const { db, executed } = countingExecutions(h.store.db, held);
  return { reader: new CallsById(db), executed, release };
}

async function storedCalls(orgId: string, n: number): Promise<CallRecord[]> {
  const calls: CallRecord[] = [];
  for (let i = 0; i < n; i++) {
    const stored = await h.core.callRepo.insert(orgId, newCallRow(newId('agent'), { metadata: { i } }));
    if (stored === 'daily_cap_reached') throw new Error('unexpected cap');
    calls.push(stored);
  }
  return calls;
}

describe('CallsById', () => {
  it('answers reads made together with one statement per workspace, each with its own call', async () => {
    const ws = await h.newWorkspace();
    const other = await h.newWorkspace();
    const mine = await storedCalls(ws.orgId, 5);
    const theirs = await storedCalls(other.orgId, 2);
    const { db, executed } = countingExecutions(h.store.db);
    const reader = new CallsById(db);
    const got = await Promise.all([
      ...mine.map((c) => reader.get(ws.orgId, c.id)),
      reader.get(ws.orgId, mine[0]!.id),
      reader.get(ws.orgId, newId('call')),
      reader.get(ws.orgId, theirs[0]!.id),
      reader.get(other.orgId, theirs[1]!.id),
    ]);
    expect(got.slice(0, 5)).toEqual(mine);
    expect(got[5]).toEqual(mine[0]);
    expect(got[5]).not.toBe(got[0]);
    // Missing, and another workspace's call asked for under this one: neither is found.
    expect(got[6]).toBeUndefined();
    expect(got[7]).toBeUndefined();
    expect(got[8]).toEqual(theirs[1]);
    expect(executed()).toBe(2);
  });

  it('runs a lone read as the one-row statement and returns undefined for an unknown id', async () => {
    const ws = await h.newWorkspace();
    const [call] = await storedCalls(ws.orgId, 1);
    const { db, executed } = countingExecutions(h.store.db);
    const reader = new CallsById(db);
    expect(await reader.get(ws.orgId, call!.id)).toEqual(call);
    expect(await reader.get(ws.orgId, newId('call'))).toBeUndefined();
    expect(executed()).toBe(2);
  });

  it('sends reads of later turns as statements until two are out, then collects them into the next one', async () => {
    const ws = await h.newWorkspace();
    const calls = await storedCalls(ws.orgId, 5);
    const { reader, executed, release } = heldReader();
    const got: Promise<CallRecord | undefined>[] = [];
    for (const c of calls) {
      got.push(reader.get(ws.orgId, c.id));
      await nextTurn();
    }
    expect(executed()).toBe(2);
    release();
    expect(await Promise.all(got)).toEqual(calls);
    expect(executed()).toBe(3);
  });

  it('caches nothing: a read after a write sees the write', async () => {
    const ws = await h.newWorkspace();
    const [call] = await storedCalls(ws.orgId, 1);
    const reader = new CallsById(h.store.db);
    expect((await reader.get(ws.orgId, call!.id))?.outcome).toBeNull();
    await h.store.db.updateTable('calls').set({ outcome: 'voicemail' }).where('id', '=', call!.id).execute();
    expect((await reader.get(ws.orgId, call!.id))?.outcome).toBe('voicemail');
  });

  it('splits a burst larger than one statement carries', async () => {
    const ws = await h.newWorkspace();
    const calls = await storedCalls(ws.orgId, 70);
    const { db, executed } = countingExecutions(h.store.db);
    const reader = new CallsById(db);
    const got = await Promise.all(calls.map((c) => reader.get(ws.orgId, c.id)));
    expect(got).toEqual(calls);
    expect(executed()).toBe(2);
  });

  it('answers every read of a burst larger than one statement carries made while two are out', async () => {
    const ws = await h.newWorkspace();
    const calls = await storedCalls(ws.orgId, 140);
    const { reader, executed, release } = heldReader();
    const first = [reader.get(ws.orgId, calls[0]!.id)];
    await nextTurn();
    first.push(reader.get(ws.orgId, calls[1]!.id));
    await nextTurn();
    const burst = calls.slice(2).map((c) => reader.get(ws.orgId, c.id));
    await nextTurn();
    expect(executed()).toBe(2);
    release();
    expect(await Promise.all(first)).toEqual(calls.slice(0, 2));
    expect(await Promise.all(burst)).toEqual(calls.slice(2));
    expect(executed()).toBe(5);
  });
});
