/** Attempts per delivery before it is given up as `failed` (decisions §6: about 8 over about 10 h). */
export const maxDeliveryAttempts = 8;

const baseMs = 30_000;
const factor = 3;
const jitter = 0.2;

/**
 * Wait after failed attempt `attempt` (1-based) before the next: 30 s × 3^(attempt−1), ±20 % jitter,
 * i.e. about 30 s, 1.5 min, 4.5 min, 13.5 min, 40 min, 2 h and 6 h: attempt 8 comes about 9 h
 * (7.3–10.9 h with jitter) after the first.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const nominal = baseMs * factor ** Math.max(0, attempt - 1);
  return Math.round(nominal * (1 - jitter + 2 * jitter * random()));
}

/** When attempt `attempt + 1` is due, or null when `attempt` was the last one. */
export function nextRetryAt(attempt: number, nowMs: number, random?: () => number): Date | null {
  return attempt >= maxDeliveryAttempts ? null : new Date(nowMs + retryDelayMs(attempt, random));
}
