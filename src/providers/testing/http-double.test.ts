import { describe, expect, it, vi } from 'vitest';
import { observedPause } from './http-double.ts';

describe('observedPause', () => {
  it('tells the observer each real wait and how far past its nominal time it woke', async () => {
    const seen = vi.fn();
    const wait = observedPause(seen);
    await wait(2);
    await wait(0);
    expect(seen).toHaveBeenCalledTimes(1);
    const [nominal, late] = seen.mock.calls[0]!;
    expect(nominal).toBe(2);
    // libuv times from the loop's cached clock, so a timer may wake a fraction of a ms early.
    expect(late).toBeGreaterThan(-2);
    expect(Number.isFinite(late)).toBe(true);
  });
});
