// Preloaded into a benched server (`node --import`): the event loop's delay over a window the
// bench marks with SIGUSR2 (first: start, second: write p50/p99/max ms to LOOP_PROBE_FILE).
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.LOOP_PROBE_FILE;
if (file) {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  let measuring = false;
  process.on('SIGUSR2', () => {
    if (!measuring) {
      loop.reset();
      loop.enable();
      measuring = true;
      return;
    }
    loop.disable();
    measuring = false;
    const ms = (ns) => Math.round(ns / 1e4) / 100;
    const out = { p50_ms: ms(loop.percentile(50)), p99_ms: ms(loop.percentile(99)), max_ms: ms(loop.max) };
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(out));
    fs.renameSync(`${file}.tmp`, file);
  });
}
