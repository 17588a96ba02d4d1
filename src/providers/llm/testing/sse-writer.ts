import type { ServerResponse } from 'node:http';
import { type DoubleWait, pause } from '../../testing/http-double.ts';

/** Writes a text/event-stream response with the double's configured pacing. */
export class SseWriter {
  private first = true;
  private afterLead = false;
  constructor(
    private readonly res: ServerResponse,
    private readonly pacing: { firstMs: number; intervalMs: number },
    private readonly wait: DoubleWait = pause,
  ) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  }
  /**
   * Send one event. The first write waits `firstMs`; a `lead` event (role, message_start, a block's
   * start) goes with the next one, so the first token lands at `firstMs` as a TTFT means; later events
   * wait `intervalMs`.
   */
  async send(data: unknown, event?: string, lead = false): Promise<void> {
    await this.wait(this.first ? this.pacing.firstMs : lead || this.afterLead ? 0 : this.pacing.intervalMs);
    this.afterLead = lead;
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
