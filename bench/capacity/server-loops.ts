import fs from 'node:fs/promises';
import { readProbeFile } from '../lib/probe-file.ts';

export interface LoopDelay {
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
}

/** The servers' event-loop delay over the load, through the probe preloaded into each (`bench/lib/loop-probe.mjs`). */
export class ServerLoops {
  constructor(
    private readonly pids: readonly number[],
    private readonly files: readonly string[],
  ) {}

  /** Drop what an earlier run left and start each probe's window. */
  async start(): Promise<void> {
    await Promise.all(this.files.map((f) => fs.rm(f, { force: true })));
    for (const pid of this.pids) process.kill(pid, 'SIGUSR2');
  }

  /** End each probe's window and read what it wrote (NaN when a probe did not answer within 5 s). */
  async stop(): Promise<LoopDelay[]> {
    for (const pid of this.pids) process.kill(pid, 'SIGUSR2');
    return Promise.all(this.files.map((f) => readWhenWritten(f, Date.now() + 5000)));
  }
}

async function readWhenWritten(file: string, deadline: number): Promise<LoopDelay> {
  const got = await readProbeFile<LoopDelay>(file, deadline);
  return got ?? { p50_ms: Number.NaN, p99_ms: Number.NaN, max_ms: Number.NaN };
}
