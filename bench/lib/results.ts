import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { updateDocSection } from './doc-section.ts';
import { machineInfo } from './machine.ts';

export const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'results');

/** Write `bench/results/<name>.json` (data + machine + time) and `<name>.md` (the human summary). */
export async function writeResult(name: string, data: unknown, markdown: string): Promise<string> {
  await fs.mkdir(resultsDir, { recursive: true });
  const json = { name, measured_at: new Date().toISOString(), machine: machineInfo(), ...(data as object) };
  await fs.writeFile(path.join(resultsDir, `${name}.json`), `${JSON.stringify(json, null, 2)}\n`);
  const md = withFooter(markdown, json);
  await fs.writeFile(path.join(resultsDir, `${name}.md`), md);
  await updateDocSection(name, md);
  return path.join(resultsDir, `${name}.json`);
}

/** A markdown table from a header row and body rows. */
export function table(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const line = (cells: readonly unknown[]) => `| ${cells.map((c) => String(c)).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Write `bench/results/<name>.svg` (a chart next to the results it draws). */
export async function writeSvg(name: string, svg: string): Promise<string> {
  await fs.mkdir(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.svg`);
  await fs.writeFile(file, svg);
  return file;
}

/** The summary with the line saying when and where it was measured. */
export function withFooter(
  markdown: string,
  json: { measured_at: string; machine: ReturnType<typeof machineInfo> },
): string {
  const m = json.machine;
  const speed = m.host_speed
    ? `; host probes at the bench's start: ${m.host_speed.js_ns_per_iter} ns per JS loop iteration, ${m.host_speed.syscall_us} µs per write(2)${m.host_speed.memory_ns_per_read ? `, ${m.host_speed.memory_ns_per_read} ns per random memory read` : ''}${m.host_speed.loopback_rtt_us ? `, ${m.host_speed.loopback_rtt_us} µs per loopback TCP round trip` : ''}`
    : '';
  return `${markdown.trimEnd()}\n\nMeasured ${json.measured_at} on ${m.cores} × ${m.cpu}, ${m.memory_gib} GiB, Node ${m.node}; load average at the end ${m.load_average_at_start.join(' / ')}${speed}.\n`;
}
