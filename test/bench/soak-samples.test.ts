import { describe, expect, it } from 'vitest';
import { afterLoad, settled } from '../../bench/capacity/soak-samples.ts';

const under = (n: number) => Array.from({ length: n }, (_, i) => ({ calls: i * 200, rss: 600 + i }));

describe('soak samples', () => {
  it('fits growth over the readings under load after the first 10 %, not the idle reading after it', () => {
    const samples = [...under(51), { calls: 10_000, rss: 500 }];
    expect(afterLoad(samples)).toEqual({ calls: 10_000, rss: 500 });
    const { tail, x } = settled(samples);
    expect(tail[0]).toEqual({ calls: 1200, rss: 606 });
    expect(tail.at(-1)).toEqual({ calls: 10_000, rss: 650 });
    expect(x.at(-1)).toBe(10);
    expect(tail).toHaveLength(45);
  });

  it('keeps every reading when none was taken after the load', () => {
    const samples = under(20);
    expect(afterLoad(samples)).toBeUndefined();
    expect(settled(samples).tail).toEqual(samples.slice(2));
  });
});
