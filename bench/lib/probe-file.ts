import fs from 'node:fs/promises';

/** A probe's JSON file once the probe has written it, or undefined past the deadline (epoch ms). */
export async function readProbeFile<T>(file: string, deadline: number): Promise<T | undefined> {
  for (;;) {
    const text = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined) return JSON.parse(text) as T;
    if (Date.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 50));
  }
}
