import { describe, expect, it } from 'vitest';
import { maxDeliveryAttempts, nextRetryAt, retryDelayMs } from './retry-schedule.ts';

describe('retry schedule', () => {
  it('grows ×3 from 30 s, with ±20 % jitter', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, () => 0.5))).toEqual([
      30_000, 90_000, 270_000, 810_000, 2_430_000, 7_290_000, 21_870_000,
    ]);
    expect(retryDelayMs(1, () => 0)).toBe(24_000);
    expect(retryDelayMs(1, () => 1)).toBe(36_000);
  });

  it('makes 8 attempts over about 9 hours (7.3–10.9 h with jitter), then stops', () => {
    expect(maxDeliveryAttempts).toBe(8);
    const total = (r: number) =>
      [1, 2, 3, 4, 5, 6, 7].reduce((s, n) => s + retryDelayMs(n, () => r), 0) / 3_600_000;
    expect(total(0.5)).toBeCloseTo(9.1, 1);
    expect(total(0)).toBeGreaterThan(7.2);
    expect(total(1)).toBeLessThan(11);
    expect(nextRetryAt(7, 0, () => 0.5)?.getTime()).toBe(21_870_000);
    expect(nextRetryAt(8, 0)).toBeNull();
  });
});
