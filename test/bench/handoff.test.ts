import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { CapacityPoint } from '../../bench/capacity/capacity-bench.ts';
import { handoffPoint, handoffSummary } from '../../bench/capacity/handoff.ts';
import { handoffMarkdown } from '../../bench/peers/handoff-report.ts';

const origin = 1_000_000;
const turn = (t: number, speechEndAt: number, firstAudioAt?: number) => ({
  call: 0,
  turn: t,
  speechEndAt,
  firstAudioAt,
});

describe("the overhead at the server's send", () => {
  it("takes each turn's latest reply start between its speech end and the caller hearing it", () => {
    const probe = { starts: { MZa: [origin + 500, origin + 1_605, origin + 1_640, origin + 5_607] } };
    const s = handoffSummary(
      [{ streamSid: 'MZa', turns: [turn(0, 1_000, 1_606), turn(1, 5_000, 5_609), turn(2, 9_000)] }],
      probe,
      600,
      origin,
    );
    // Turn 0: the start at 1 605 (1 640 came after the caller heard it); turn 2 was never answered.
    expect(s.turns).toBe(2);
    expect(s.overhead_ms.p50).toBe(5);
    expect(s.overhead_ms.max).toBe(7);
    expect(s.later_overhead_ms).toMatchObject({ n: 1, p99: 7 });
    expect(s.hop_ms).toMatchObject({ p50: 1, max: 2 });
  });

  it('leaves out turns the probe did not see and turns the caller counted as missed', () => {
    const s = handoffSummary(
      [
        { streamSid: 'MZb', turns: [turn(0, 1_000, 1_700)] },
        { streamSid: 'MZc', turns: [turn(0, 1_000, 10_000)] },
      ],
      { starts: { MZc: [origin + 9_999] } },
      600,
      origin,
    );
    expect(s.turns).toBe(0);
  });

  it('is the median of the runs at each N, and absent when no run had it', () => {
    const run = (p99: number) =>
      handoffSummary(
        [{ streamSid: 'MZa', turns: [turn(0, 0, 600 + p99 + 1), turn(1, 2_000, 2_600 + p99 + 1)] }],
        { starts: { MZa: [origin + 600 + p99, origin + 2_600 + p99] } },
        600,
        origin,
      );
    expect(handoffPoint([run(4), run(8), run(20)])).toMatchObject({ overhead_p99_ms: 8, hop_p99_ms: 1 });
    expect(handoffPoint([undefined])).toBeUndefined();
  });

  it('is tabled with the largest N meeting the target at the send', () => {
    const point = (calls: number, p99: number) =>
      ({
        calls,
        missed_turns_pct: 0,
        underrun_pct: 0,
        handoff: {
          overhead_p50_ms: 3,
          overhead_p90_ms: 6,
          overhead_p99_ms: p99,
          later_overhead_p99_ms: p99,
          hop_p50_ms: 0.4,
          hop_p99_ms: 2.1,
        },
      }) as CapacityPoint;
    const lines = handoffMarkdown([point(25, 9.6), point(50, 10.4), { calls: 100 } as CapacityPoint]);
    expect(lines[0]).toContain(
      'Largest N meeting the target so (p99 ≤ 10 ms, zero underruns, no missed turn): 25.',
    );
    expect(lines.join('\n')).toContain('| 50 | 3 / 6 / 10.4 | 10.4 | 0.4 / 2.1 |');
    expect(lines.join('\n')).not.toContain('| 100 |');
    expect(handoffMarkdown([{ calls: 25 } as CapacityPoint])).toEqual([]);
  });
});

describe('the media probe (bench/lib/media-probe.mjs)', () => {
  const dir = os.tmpdir();
  const file = path.join(dir, `media-probe-${process.pid}.json`);
  afterAll(() => fs.rm(file, { force: true }));

  it("records each stream's first media message after a quiet spell, within the window", async () => {
    process.env.MEDIA_PROBE_FILE = file;
    await import(new URL('../../bench/lib/media-probe.mjs', import.meta.url).href);
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => wss.once('listening', r));
    const ws = new WebSocket(`ws://127.0.0.1:${(wss.address() as { port: number }).port}`);
    await new Promise((r) => ws.once('open', r));
    let now = 10_000;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now);
    const media = (sid: string) =>
      ws.send(`{"event":"media","streamSid":"${sid}","media":{"payload":"AA=="}}`);
    try {
      media('MZa'); // before the window: not recorded
      process.emit('SIGUSR2', 'SIGUSR2');
      now = 20_000;
      media('MZa');
      now = 20_040;
      media('MZa');
      ws.send('{"event":"mark","streamSid":"MZa","mark":{"name":"m1"}}');
      now = 20_080;
      media('MZb');
      now = 21_000;
      media('MZa');
      process.emit('SIGUSR2', 'SIGUSR2');
      const out = JSON.parse(await fs.readFile(file, 'utf8'));
      expect(out.starts).toEqual({
        MZa: [performance.timeOrigin + 20_000, performance.timeOrigin + 21_000],
        MZb: [performance.timeOrigin + 20_080],
      });
    } finally {
      clock.mockRestore();
      ws.close();
      wss.close();
    }
  });
});
