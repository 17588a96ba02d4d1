import { describe, expect, it } from 'vitest';
import type { WatchdogRepo } from '../domain/call/watchdog-repo.ts';
import { ManualClock } from '../lib/clock.ts';
import { silentLogger } from '../lib/logger.ts';
import { Watchdog, type WatchdogDeps } from './watchdog.ts';

/** A watchdog over an empty store that counts what it is asked to do. */
function watchdog(clock: ManualClock) {
  const calls = { renew: 0, sweeps: 0, expired: 0, claims: 0 };
  const empty = async () => [];
  const deps: WatchdogDeps = {
    repo: {
      expiredLiveCalls: empty,
      slotlessLiveCalls: empty,
      unfinalized: empty,
      releaseStaleSlots: empty,
      workspacesWithWaitingCalls: empty,
    } as unknown as WatchdogRepo,
    calls: { get: async () => undefined, end: async () => undefined },
    slots: {
      renew: async () => ++calls.renew,
      expireEarlierRuns: async () => ++calls.expired,
    },
    lifecycle: { ended: async () => {}, startWaiting: async () => 0 },
    events: { started: async () => {} },
    jobs: { finalize: async () => {} },
    outbox: { sweep: async () => ++calls.sweeps && 0 },
    expireEarlierClaims: async () => ++calls.claims,
    clock,
    logger: silentLogger(),
    leaseMs: 30_000,
  };
  return { dog: new Watchdog(deps), calls };
}

describe('Watchdog timers', () => {
  it('renews leases every 10 s and passes every 5 s until stopped', async () => {
    const clock = new ManualClock();
    const { dog, calls } = watchdog(clock);
    dog.start();
    await clock.advanceAsync(20_000);
    expect(calls.renew).toBe(2);
    expect(calls.sweeps).toBe(4);
    dog.stop();
    await clock.advanceAsync(60_000);
    expect(calls).toMatchObject({ renew: 2, sweeps: 4 });
    expect(clock.pendingTimers).toBe(0);
  });

  it('on start expires earlier runs only when they are known dead', async () => {
    const clock = new ManualClock();
    const { dog, calls } = watchdog(clock);
    await dog.recover({ allOtherHoldersDead: false, stableNodeId: false });
    expect(calls).toMatchObject({ expired: 0, claims: 0, sweeps: 1 });
    await dog.recover({ allOtherHoldersDead: false, stableNodeId: true });
    await dog.recover({ allOtherHoldersDead: true, stableNodeId: false });
    expect(calls).toMatchObject({ expired: 2, claims: 2, sweeps: 3 });
  });
});
