import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createHarness, type Harness } from '../../test/support/harness.ts';
import { openStore } from '../store/db.ts';
import { PgBossQueue } from './queue.ts';

// A polling interval far beyond the test timeout: a job that waited for a poll would fail the test.
const pollingIntervalSeconds = 60;

describe('PgBossQueue: jobs do not wait for the polling interval', () => {
  let h: Harness;
  let queue: PgBossQueue;
  const handled: string[] = [];
  const waiters = new Map<string, () => void>();
  const handledOnce = (callId: string) => new Promise<void>((r) => waiters.set(callId, r));
  // As Parley sends them: the queue's 'short' policy keeps one waiting job per key.
  const finalize = (callId: string, startAfter?: Date) =>
    queue.send(
      'call.finalize',
      { orgId: 'o', callId },
      { singletonKey: `call:${callId}`, ...(startAfter ? { startAfter } : {}) },
    );

  beforeAll(async () => {
    h = await createHarness();
    queue = new PgBossQueue({ store: h.store, pollingIntervalSeconds });
    await queue.start();
  });
  afterAll(async () => {
    await queue.stop();
    await h.close();
  });

  it('a worker that finds a job fetches the next at once, so a backlog drains without polls', async () => {
    const done = ['c1', 'c2', 'c3'].map(handledOnce);
    for (const callId of ['c1', 'c2', 'c3']) expect(await finalize(callId)).not.toBeNull();
    await queue.work('call.finalize', async ({ callId }) => {
      handled.push(callId);
      waiters.get(callId)?.();
    });
    await Promise.all(done);
    expect(handled).toEqual(['c1', 'c2', 'c3']);
  });

  it('a job sent on this node wakes its idle worker', async () => {
    // Let the worker's fetch after the backlog come back empty, so it is asleep for the interval.
    await new Promise((r) => setTimeout(r, 300));
    const done = handledOnce('c4');
    expect(await finalize('c4')).not.toBeNull();
    await done;
    expect(handled).toEqual(['c1', 'c2', 'c3', 'c4']);
  });

  it('a job that starts later is left for its time (not fetched early by the wake-up)', async () => {
    expect(await finalize('c5', new Date(Date.now() + 3_600_000))).not.toBeNull();
    const done = handledOnce('c6');
    expect(await finalize('c6')).not.toBeNull();
    await done;
    expect(handled).toEqual(['c1', 'c2', 'c3', 'c4', 'c6']);
  });
});

describe('PgBossQueue on the embedded store: stopping while a job runs', () => {
  it('a job that finishes after stop() records nothing in the closed store (no unhandled rejection)', async () => {
    const store = await openStore({
      kind: 'pglite',
      loadDataDir: new Blob([await fs.readFile(inject('pgliteTemplate'))]),
    });
    const queue = new PgBossQueue({ store, pollingIntervalSeconds, stopTimeoutMs: 1000 });
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => rejections.push(e);
    process.on('unhandledRejection', onRejection);
    try {
      await queue.start();
      let running!: () => void;
      let release!: () => void;
      const started = new Promise<void>((r) => {
        running = r;
      });
      await queue.work('call.finalize', async () => {
        running();
        await new Promise<void>((r) => {
          release = r;
        });
      });
      await queue.send('call.finalize', { orgId: 'o', callId: 'late' }, { singletonKey: 'call:late' });
      await started;
      // pg-boss gives up on the running job after the timeout; the store closes as on shutdown.
      await queue.stop();
      await store.close();
      release();
      for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    // Opening an embedded store and pg-boss's shortest stop (1 s) take seconds on a busy machine.
  }, 30_000);
});
