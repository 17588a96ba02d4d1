import { describe, expect, it } from 'vitest';
import type { CapacityPoint } from '../../bench/capacity/capacity-bench.ts';
import { runQueueWaitMs } from '../../bench/lib/processes.ts';
import { cpuSplitMarkdown, pctCell } from '../../bench/peers/peer-report.ts';

const point = (cpu: CapacityPoint['cpu']) =>
  ({ calls: 400, cpu_pct_of_one_core: 107.2, cpu }) as unknown as CapacityPoint;

describe("the server's event loop waiting for a core", () => {
  it('is read from the kernel, never goes back, and is NaN for a thread that does not exist', async () => {
    if (process.platform !== 'linux') return;
    const before = await runQueueWaitMs(process.pid);
    expect(Number.isFinite(before)).toBe(true);
    expect(before).toBeGreaterThanOrEqual(0);
    expect(await runQueueWaitMs(process.pid)).toBeGreaterThanOrEqual(before);
    expect(await runQueueWaitMs(process.pid, 2 ** 22 + 1)).toBeNaN();
  });

  it('sits beside the loop busy % in the CPU table, a dash where results lack it', () => {
    const lines = cpuSplitMarkdown(
      [
        point({
          load_peer: 34.2,
          doubles: 23.1,
          machine: 162,
          server_busiest_thread: 66.4,
          server_loop_wait: 21.3,
        }),
        point({ load_peer: 34.2, doubles: 23.1, machine: 162, server_busiest_thread: 66.4 }),
      ],
      2,
    ).split('\n');
    expect(lines[2]).toContain("| server's event loop | its wait for a core | load peer |");
    expect(lines[4]).toBe('| 400 | 107.2 | 66.4 | 21.3 | 34.2 | 23.1 | 162 | 0.41 |');
    expect(lines[5]).toBe('| 400 | 107.2 | 66.4 | — | 34.2 | 23.1 | 162 | 0.41 |');
    expect(pctCell(Number.NaN)).toBe('—');
  });
});
