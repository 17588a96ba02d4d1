import { describe, expect, it } from 'vitest';
import { loadPerWorkspace } from './per-workspace-batch.ts';

describe('loadPerWorkspace', () => {
  it('queries each workspace once with its distinct keys and answers in the order asked', async () => {
    const queries: [string, string[]][] = [];
    const stored: Record<string, Record<string, number>> = { a: { x: 1, y: 2 }, b: { x: 3 } };
    const got = await loadPerWorkspace(
      [
        { orgId: 'a', key: 'y' },
        { orgId: 'b', key: 'x' },
        { orgId: 'a', key: 'x' },
        { orgId: 'a', key: 'y' },
        { orgId: 'b', key: 'y' },
      ],
      async (orgId, keys) => {
        queries.push([orgId, keys]);
        return keys
          .filter((k) => stored[orgId]![k] !== undefined)
          .map((k) => [k, stored[orgId]![k]!] as const);
      },
    );
    expect(got).toEqual([2, 3, 1, 2, undefined]);
    expect(queries).toEqual([
      ['a', ['y', 'x']],
      ['b', ['x', 'y']],
    ]);
  });

  it('fails the whole batch when a workspace query fails', async () => {
    const failing = loadPerWorkspace([{ orgId: 'a', key: 'x' }], async () => {
      throw new Error('down');
    });
    await expect(failing).rejects.toThrow('down');
  });
});
