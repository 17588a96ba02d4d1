// A process of its own (run it under `taskset -c <cpu>`): a 1 ms interval; every gap over 20 ms is
// appended to argv[2] as a JSON line with its epoch time and the thread's run and runqueue-wait time.
// A gap with neither means the thread slept past its timer on an idle CPU: the host did not run it.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { ms, threadSchedstat } from './schedstat.mjs';

const log = process.argv[2];
const sched = threadSchedstat();
let last = performance.now();
let lastSched = sched();
setInterval(() => {
  const now = performance.now();
  const s = sched();
  if (now - last > 20) {
    const line = {
      epoch: Math.round(performance.timeOrigin + now),
      gap: ms(now - last),
      run_ms: ms((s[0] - lastSched[0]) / 1e6),
      wait_ms: ms((s[1] - lastSched[1]) / 1e6),
    };
    fs.appendFileSync(log, `${JSON.stringify(line)}\n`);
  }
  last = now;
  lastSched = s;
}, 1);
