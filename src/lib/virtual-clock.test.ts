import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from './virtual-clock.ts';

let clock: VirtualClock;
afterEach(async () => {
  await clock.stop();
});

const sleep = (c: VirtualClock, ms: number) => new Promise<void>((r) => c.setTimeout(r, ms));

describe('VirtualClock', () => {
  it('jumps from timer to timer in due order, same-time timers in the order set', async () => {
    clock = new VirtualClock(0);
    const seen: string[] = [];
    clock.setTimeout(() => seen.push(`b@${clock.monotonic()}`), 500);
    clock.setTimeout(() => seen.push(`a@${clock.monotonic()}`), 100);
    clock.setTimeout(() => seen.push(`c@${clock.monotonic()}`), 500);
    clock.start();
    await sleep(clock, 1000);
    expect(seen).toEqual(['a@100', 'b@500', 'c@500']);
    expect(clock.monotonic()).toBe(1000);
  });

  it('runs a minute of 20 ms ticks without waiting a minute', async () => {
    clock = new VirtualClock(0);
    let ticks = 0;
    const tick = () => {
      ticks++;
      if (ticks < 3000) clock.setTimeout(tick, 20);
    };
    clock.setTimeout(tick, 20);
    const t0 = performance.now();
    clock.start();
    await sleep(clock, 60_001);
    expect(ticks).toBe(3000);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('keeps time still while held work is in flight', async () => {
    clock = new VirtualClock(0);
    let fired = false;
    clock.setTimeout(() => {
      fired = true;
    }, 10);
    let release!: () => void;
    const work = clock.hold(new Promise<void>((r) => (release = r)));
    clock.start();
    await new Promise((r) => setTimeout(r, 20));
    expect(fired).toBe(false);
    expect(clock.monotonic()).toBe(0);
    release();
    await work;
    await sleep(clock, 50);
    expect(fired).toBe(true);
  });

  it('lets async chains started by a timer finish before the next timer fires', async () => {
    clock = new VirtualClock(0);
    const seen: string[] = [];
    clock.setTimeout(async () => {
      await Promise.resolve();
      await new Promise((r) => setImmediate(r));
      seen.push('chain');
    }, 10);
    clock.setTimeout(() => seen.push('next'), 10);
    clock.setTimeout(() => seen.push('later'), 11);
    clock.start();
    await sleep(clock, 20);
    expect(seen).toEqual(['chain', 'next', 'later']);
  });

  it('waits idle for new timers instead of spinning', async () => {
    clock = new VirtualClock(0);
    clock.start();
    await new Promise((r) => setTimeout(r, 10));
    expect(clock.monotonic()).toBe(0);
    await sleep(clock, 250);
    expect(clock.monotonic()).toBe(250);
  });
});
