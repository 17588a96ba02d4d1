// Preloaded (`node --import`) into an engine run: a 1 ms interval on the main thread, and for each
// gap over 25 ms what the thread did meanwhile (its own run and runqueue-wait time from
// /proc/thread-self/schedstat), the process's CPU and V8's collections. Writes
// $STALL_PROBE_DIR/stall-<pid>.json every 5 s and at exit. Diagnostic only: the 1 ms timer costs.
import fs from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';
import { ms, threadSchedstat } from './schedstat.mjs';

const dir = process.env.STALL_PROBE_DIR;
if (dir && isMainThread) {
  const sched = threadSchedstat();
  const gcs = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push([e.startTime, e.duration]);
    if (gcs.length > 5000) gcs.splice(0, 1000);
  }).observe({ entryTypes: ['gc'] });
  const stalls = [];
  let ticks = 0;
  let last = performance.now();
  let lastSched = sched();
  let lastCpu = process.cpuUsage();
  setInterval(() => {
    const now = performance.now();
    const s = sched();
    const cpu = process.cpuUsage();
    ticks++;
    if (now - last > 25)
      stalls.push({
        at: ms(now),
        gap: ms(now - last),
        run_ms: ms((s[0] - lastSched[0]) / 1e6),
        wait_ms: ms((s[1] - lastSched[1]) / 1e6),
        process_cpu_ms: ms((cpu.user + cpu.system - lastCpu.user - lastCpu.system) / 1e3),
        gc_ms: ms(gcs.filter(([t, d]) => t + d >= last && t <= now).reduce((a, [, d]) => a + d, 0)),
      });
    last = now;
    lastSched = s;
    lastCpu = cpu;
  }, 1).unref();
  const write = () =>
    fs.writeFileSync(
      `${dir}/stall-${process.pid}.json`,
      JSON.stringify({ argv: process.argv.slice(1), origin: performance.timeOrigin, ticks, stalls }),
    );
  setInterval(write, 5000).unref();
  process.on('exit', write);
}
