import fs from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from './processes.ts';

export const benchmarksDoc = path.join(repoRoot, 'docs', 'benchmarks.md');

/**
 * Replace the text between `<!-- bench:<name> -->` and `<!-- /bench:<name> -->` in docs/benchmarks.md,
 * so the published numbers are always the latest measured ones. A doc without the markers is left alone.
 */
export async function updateDocSection(name: string, markdown: string): Promise<boolean> {
  const doc = await fs.readFile(benchmarksDoc, 'utf8').catch(() => undefined);
  if (doc === undefined) return false;
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const a = doc.indexOf(open);
  const b = doc.indexOf(close);
  if (a < 0 || b < a) return false;
  // The doc has its own (level 3) heading for the section: drop the summary's title, nest the rest under it.
  const body = markdown.replace(/^# .*\n/, '').replace(/^(#+) /gm, '##$1 ');
  await fs.writeFile(benchmarksDoc, `${doc.slice(0, a + open.length)}\n${body.trim()}\n${doc.slice(b)}`);
  return true;
}
