import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Which CPUs the server gets and which everything else (load peer, doubles, PostgreSQL, the bench) gets. */
export interface CpuPinning {
  server: string;
  rest: string;
}

/** The first half of the cores for the server, the second half for the rest (on 2 cores: 0 and 1). */
export function pinningFor(cores: number): CpuPinning {
  if (cores < 2) throw new Error('--pin needs at least 2 cores');
  const half = Math.floor(cores / 2);
  const range = (a: number, b: number) => (a === b ? String(a) : `${a}-${b}`);
  return { server: range(0, half - 1), rest: range(half, cores - 1) };
}

/** `taskset -c <cpus>` in front of a command, so the process and every thread it starts stay on those CPUs. */
export function pinnedCommand(cpus: string | undefined, file: string, args: string[]): [string, string[]] {
  return cpus ? ['taskset', ['-c', cpus, file, ...args]] : [file, args];
}

/** Move every thread of these processes to `cpus`; returns what restores their masks. */
export async function pinPids(pids: readonly number[], cpus: string): Promise<() => Promise<void>> {
  const masks = new Map<number, string>();
  for (const pid of pids) {
    const { stdout } = await run('taskset', ['-p', String(pid)]).catch(() => ({ stdout: '' }));
    const mask = /:\s*([0-9a-f]+)\s*$/i.exec(stdout.trim())?.[1];
    if (!mask) continue; // exited meanwhile
    masks.set(pid, mask);
    await run('taskset', ['-a', '-p', '-c', cpus, String(pid)]).catch(() => undefined);
  }
  return async () => {
    for (const [pid, mask] of masks)
      await run('taskset', ['-a', '-p', mask, String(pid)]).catch(() => undefined);
  };
}

/** Every running PostgreSQL server process (new backends fork from the postmaster and inherit its mask). */
export async function postgresPids(): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const comm = await fs.readFile(`/proc/${entry}/comm`, 'utf8').catch(() => '');
    if (comm.trim() === 'postgres') pids.push(Number(entry));
  }
  return pids;
}
