/** The soak samples after the first 10 % of calls (one-time allocations settled), x in thousands of calls. */
export function settled<T extends { calls: number }>(samples: readonly T[]) {
  const tail = samples.slice(Math.ceil(samples.length / 10));
  return { tail, x: tail.map((s) => s.calls / 1000) };
}
