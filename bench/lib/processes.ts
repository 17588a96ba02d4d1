import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinnedCommand } from './pinning.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The Node flags `npm start` runs Parley with (package.json), so benches run Parley as operators do. */
export function parleyNodeArgs(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const words = pkg.scripts.start.split(/\s+/);
  if (words[0] !== 'node') throw new Error(`npm start is not a plain node command: ${pkg.scripts.start}`);
  return words.slice(1, words.indexOf('--import'));
}

/** Start a TypeScript entry point in its own Node process (tsx loader), inheriting stderr. */
export function spawnTs(
  entry: string,
  opts: {
    args?: string[];
    env?: Record<string, string>;
    nodeArgs?: string[];
    stdout?: 'pipe' | 'inherit';
    /** Keep the process on these CPUs (`taskset -c` syntax, e.g. `0` or `1-3`). */
    cpus?: string | undefined;
  },
): ChildProcess {
  const [file, args] = pinnedCommand(opts.cpus, process.execPath, [
    ...(opts.nodeArgs ?? []),
    '--import',
    'tsx',
    entry,
    ...(opts.args ?? []),
  ]);
  return spawn(file, args, {
    cwd: repoRoot,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', opts.stdout ?? 'pipe', 'inherit'],
  });
}

/** Run a child to completion and parse the JSON it prints last on stdout. */
export async function runJsonChild<T>(child: ChildProcess): Promise<T> {
  let out = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (d: string) => {
    out += d;
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`child exited with ${code}: ${out.slice(-2000)}`);
  const last = out.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as T;
}

/** Ask a child to stop (SIGTERM) and wait for it; SIGKILL after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** CPU time (user+system, ms) and RSS (bytes) of a process, from /proc. */
export async function procStats(pid: number): Promise<{ cpuMs: number; rssBytes: number }> {
  const fs = await import('node:fs/promises');
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rssPages = Number(fields[21]);
  return { cpuMs: (ticks * 1000) / 100, rssBytes: rssPages * 4096 };
}

/** CPU time (ms) the whole machine spent busy (all cores, everything but idle and iowait), from /proc/stat. */
export async function machineBusyMs(): Promise<number> {
  const fs = await import('node:fs/promises');
  const line = (await fs.readFile('/proc/stat', 'utf8')).split('\n', 1)[0]!;
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  return ((total - ticks[3]! - ticks[4]!) * 1000) / 100;
}

/** CPU time (ms) of each thread of a process, by thread id, from /proc/<pid>/task. */
export async function threadCpuMs(pid: number): Promise<Map<string, number>> {
  const fs = await import('node:fs/promises');
  const out = new Map<string, number>();
  for (const tid of await fs.readdir(`/proc/${pid}/task`)) {
    const stat = await fs.readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8').catch(() => '');
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(tid, ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
  }
  return out;
}

/**
 * How long (ms) a thread has waited, runnable, for a core since it started: the second field of
 * `/proc/<pid>/task/<tid>/schedstat` (ns). NaN where the kernel keeps no schedstats.
 */
export async function runQueueWaitMs(pid: number, tid: number = pid): Promise<number> {
  const fs = await import('node:fs/promises');
  const text = await fs.readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').catch(() => '');
  const waited = Number(text.trim().split(/\s+/)[1]);
  return text && Number.isFinite(waited) ? waited / 1e6 : Number.NaN;
}

/** The most CPU (ms) any one thread used between two `threadCpuMs` readings (threads alive at both). */
export function busiestThreadMs(before: Map<string, number>, after: Map<string, number>): number {
  let most = 0;
  for (const [tid, ms] of after) most = Math.max(most, ms - (before.get(tid) ?? ms));
  return most;
}
