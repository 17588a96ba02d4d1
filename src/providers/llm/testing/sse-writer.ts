import type { ServerResponse } from 'node:http';
import { pause } from '../../testing/http-double.ts';

/** Writes a text/event-stream response with the double's configured pacing. */
export class SseWriter {
  private first = true;
  constructor(
    private readonly res: ServerResponse,
    private readonly pacing: { firstMs: number; intervalMs: number },
  ) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  }
  /** Send one event; the first waits `firstMs`, later ones `intervalMs`. */
  async send(data: unknown, event?: string): Promise<void> {
    await pause(this.first ? this.pacing.firstMs : this.pacing.intervalMs);
    this.first = false;
    const payload = typeof data === 'string' ? data : JSON.stringify(data);
    this.res.write(`${event ? `event: ${event}\n` : ''}data: ${payload}\n\n`);
  }
  end(): void {
    this.res.end();
  }
  /** Cut the connection mid-stream (a broken upstream). */
  destroy(): void {
    this.res.destroy();
  }
}

/** Split a string into `n` roughly equal fragments (how vendors stream tool arguments). */
export function fragments(s: string, n: number): string[] {
  if (s.length === 0) return [''];
  const size = Math.ceil(s.length / n);
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}
