import { describe, expect, it } from 'vitest';
import { RandomPool, randomToken } from './random-token.ts';

describe('random-token', () => {
  it('makes tokens of the asked size and encoding', () => {
    expect(randomToken(16, 'hex')).toMatch(/^[0-9a-f]{32}$/);
    expect(randomToken(16, 'hex')).not.toBe(randomToken(16, 'hex'));
  });

  it('RandomPool gives [0, 1) in 1/256 steps, evenly spread, across refills', () => {
    const pool = new RandomPool(64);
    const counts = new Array(256).fill(0);
    for (let i = 0; i < 256 * 200; i++) {
      const u = pool.unit();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      expect(Number.isInteger(u * 256)).toBe(true);
      counts[u * 256]++;
    }
    // Every byte value turns up; none far from its expected 200.
    expect(Math.min(...counts)).toBeGreaterThan(120);
    expect(Math.max(...counts)).toBeLessThan(290);
  });
});
