import { expect } from 'vitest';
import type { HttpDouble } from './http-double.ts';

/**
 * An adapter's `prewarm` against its double (fresh, so the pool holds no connection to it yet):
 * one connection opened and no request sent; then `use` makes its request on that connection.
 */
export async function expectPrewarmedConnection(
  double: HttpDouble,
  prewarm: () => void,
  use: () => Promise<unknown>,
): Promise<void> {
  const requests = double.requests.length;
  prewarm();
  await expect.poll(() => double.connectionsAccepted).toBe(1);
  expect(double.requests).toHaveLength(requests);
  await use();
  expect(double.requests).toHaveLength(requests + 1);
  expect(double.connectionsAccepted).toBe(1);
}
