import { describe, expect, it } from 'vitest';
import { MediaClock, mediaResyncMs } from './call-clock.ts';

describe('MediaClock', () => {
  it('dates a burst of frames delivered after a stall by their samples, not their arrival', () => {
    const m = new MediaClock();
    const dates: number[] = [];
    for (let t = 20; t <= 100; t += 20) dates.push(m.stamp(160, 8000, t));
    // The loop stalls for 200 ms: ten frames are handled at once at 300 ms.
    for (let i = 0; i < 10; i++) dates.push(m.stamp(160, 8000, 300));
    expect(dates.slice(0, 5)).toEqual([20, 40, 60, 80, 100]);
    const burst = dates.slice(5);
    // 20 ms apart (each pulled under a millisecond towards its arrival time), where the samples were spoken.
    for (let i = 1; i < burst.length; i++) {
      expect(burst[i]! - burst[i - 1]!).toBeGreaterThan(19.5);
      expect(burst[i]! - burst[i - 1]!).toBeLessThan(21);
    }
    expect(burst[0]!).toBeCloseTo(120, -1);
    expect(burst.at(-1)!).toBeCloseTo(300, -1);
  });

  it('follows a sender whose clock runs slow without drifting away from arrival times', () => {
    const m = new MediaClock();
    let at = 0;
    // 0.1 % slow: each 20 ms frame arrives 20.02 ms after the last, for ten minutes.
    for (let i = 0; i < 30_000; i++) at = m.stamp(160, 8000, (i + 1) * 20.02);
    expect(Math.abs(at - 30_000 * 20.02)).toBeLessThan(10);
  });

  it('starts from the clock, and goes back to it after a gap in the stream', () => {
    const m = new MediaClock();
    expect(m.stamp(320, 16000, 5000)).toBe(5000);
    expect(m.stamp(320, 16000, 5020)).toBe(5020);
    expect(m.stamp(320, 16000, 5040 + mediaResyncMs + 500)).toBe(5040 + mediaResyncMs + 500);
  });
});
