import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../lib/clock.ts';
import { releaseWithinMs, vendorPost } from './vendor-http.ts';
import { hasIdleConnection } from './vendor-pool.ts';

describe('vendorPost: a stream the consumer stops reading', () => {
  let server: http.Server;
  let base: string;
  const ports: Record<string, number | undefined> = {};
  const closed: string[] = [];
  const finish = new Map<string, () => void>();

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const path = req.url ?? '/';
        ports[path] = req.socket.remotePort;
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: [DONE]\n\n');
        req.socket.once('close', () => closed.push(path));
        finish.set(path, () => res.end());
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const post = (path: string, clock: ManualClock, signal = new AbortController().signal) =>
    vendorPost({
      provider: 'openai',
      url: `${base}${path}`,
      headers: {},
      body: '{}',
      signal,
      clock,
      timeoutMs: 20_000,
    });

  /** Read the first chunk, then leave the loop as an adapter does at the stream's end marker. */
  const readFirst = async (res: NonNullable<Awaited<ReturnType<typeof vendorPost>>>) => {
    for await (const c of res.chunks()) return Buffer.from(c).toString();
  };

  it('after its end marker: waits for the last bytes and the next request reuses the connection', async () => {
    const clock = new ManualClock();
    expect(await readFirst((await post('/done-1', clock))!)).toBe('data: [DONE]\n\n');
    finish.get('/done-1')!();
    // Back in the pool once its last bytes arrived (the next turn comes seconds later).
    await expect.poll(() => hasIdleConnection(base)).toBe(true);
    const next = await post('/done-2', clock);
    await readFirst(next!);
    finish.get('/done-2')!();
    expect(ports['/done-2']).toBe(ports['/done-1']);
    expect(closed).not.toContain('/done-1');
  });

  it(`cuts a stream that does not end within ${releaseWithinMs} ms after the consumer stopped`, async () => {
    const clock = new ManualClock();
    await readFirst((await post('/never-ends', clock))!);
    await clock.advanceAsync(releaseWithinMs - 1);
    expect(closed).not.toContain('/never-ends');
    await clock.advanceAsync(1);
    await expect.poll(() => closed).toContain('/never-ends');
  });

  it('cuts the stream at once when the consumer was told to stop', async () => {
    const clock = new ManualClock();
    const ctrl = new AbortController();
    const res = await post('/aborted', clock, ctrl.signal);
    for await (const _ of res!.chunks()) {
      ctrl.abort();
      break;
    }
    await expect.poll(() => closed).toContain('/aborted');
  });
});
