// Which underruns a stall explains: for each engine run directory written by run-stalls.sh (the
// engine's --raw output in run.out, stall-probe.mjs's file, the two timer-watch logs), groups the
// agent-frame hand-off gaps over 40 ms and prints beside each the engine's stall and the watchers'.
import fs from 'node:fs';
import path from 'node:path';
import { ms } from './schedstat.mjs';

const lines = (f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8').trim().split('\n').filter(Boolean) : []);

for (const dir of process.argv.slice(2)) {
  const out = lines(path.join(dir, 'run.out')).at(-1);
  const probeFile = fs.readdirSync(dir).find((f) => f.startsWith('stall-'));
  if (!out || !probeFile) {
    console.log(`${dir}: no run output or probe file`);
    continue;
  }
  const run = JSON.parse(out);
  const probe = JSON.parse(fs.readFileSync(path.join(dir, probeFile), 'utf8'));
  const watchers = [0, 1].flatMap((cpu) =>
    lines(path.join(dir, `watch-cpu${cpu}.log`)).map((l) => ({ cpu, ...JSON.parse(l) })),
  );
  const groups = [];
  let frames = 0;
  // Hand-off gaps: what the sender's stalls show as (the far end's queue hides the short ones).
  for (const times of run.records.agentHandoffs ?? run.records.agentTurns) {
    frames += times.length;
    for (let i = 1; i < times.length; i++) {
      const gap = times[i] - times[i - 1];
      if (gap > 40) groups.push({ at: times[i - 1], frames: 1, max: gap });
    }
  }
  groups.sort((a, b) => a.at - b.at);
  const merged = [];
  for (const g of groups) {
    const prev = merged.at(-1);
    if (prev && g.at - prev.at < 100) {
      prev.frames++;
      prev.max = Math.max(prev.max, g.max);
    } else merged.push({ ...g });
  }
  const during = (g, end, gap) => end >= g.at && end - gap <= g.at + g.max;
  console.log(`${dir}: ${run.calls} calls, ${frames} agent frames, ${groups.length} gaps over 40 ms`);
  for (const g of merged) {
    const stalls = probe.stalls.filter((s) => during(g, s.at, s.gap));
    const epoch = probe.origin + g.at;
    const watched = watchers.filter((w) => during({ at: epoch - 5, max: g.max + 10 }, w.epoch, w.gap));
    console.log(
      `  at ${ms(g.at)} ms: ${g.frames} frames, longest ${ms(g.max)} ms; engine stalls ${JSON.stringify(stalls)}; watchers ${JSON.stringify(watched)}`,
    );
  }
}
