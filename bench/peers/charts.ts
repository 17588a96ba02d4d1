import fs from 'node:fs/promises';
import path from 'node:path';
import type { CapacityPoint } from '../capacity/capacity-bench.ts';
import type { SideBySide } from '../engine/engine-bench.ts';
import { resultsDir, writeSvg } from '../lib/results.ts';
import { capacityChart } from './peer-report.ts';

/** engine.svg: Parley in one process and on two, and LiveKit Agents, against N. */
export function writeEngineChart(r: SideBySide): Promise<string> {
  return writeSvg(
    'engine',
    capacityChart([
      { name: 'Parley (engine)', color: '#1f77b4', points: r.parley },
      ...(r.parley_split
        ? [{ name: 'Parley, 2 processes', color: '#2ca02c', points: r.parley_split.points }]
        : []),
      { name: 'LiveKit Agents 1.9.0', color: '#d62728', points: r.livekit },
    ]),
  );
}

/** Each Twilio capacity setup's results file and how the chart names it. */
const twilioSetups = [
  { file: 'capacity', name: 'Twilio, embedded store', color: '#1f77b4' },
  { file: 'capacity-postgres', name: 'Twilio, PostgreSQL', color: '#ff7f0e' },
  { file: 'capacity-postgres-2-nodes', name: 'Twilio, 2 nodes', color: '#2ca02c' },
  { file: 'capacity-pinned', name: 'Twilio, pinned, embedded', color: '#9467bd' },
  { file: 'capacity-postgres-pinned', name: 'Twilio, pinned, PostgreSQL', color: '#8c564b' },
];

/** capacity.svg: every Twilio setup whose latest results exist, overhead p99 and server CPU against N. */
export async function writeTwilioChart(): Promise<string | undefined> {
  const systems = [];
  for (const s of twilioSetups) {
    const text = await fs.readFile(path.join(resultsDir, `${s.file}.json`), 'utf8').catch(() => undefined);
    if (!text) continue;
    const { points } = JSON.parse(text) as { points: CapacityPoint[] };
    systems.push({ name: s.name, color: s.color, points });
  }
  return systems.length ? writeSvg('capacity', capacityChart(systems)) : undefined;
}
