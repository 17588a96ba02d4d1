import http from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { HttpDouble, observedPause, vendorKeepAliveMs } from './http-double.ts';

describe('observedPause', () => {
  it('tells the observer each real wait and how far past its nominal time it woke', async () => {
    const seen = vi.fn();
    const wait = observedPause(seen);
    await wait(2);
    await wait(0);
    expect(seen).toHaveBeenCalledTimes(1);
    const [nominal, late] = seen.mock.calls[0]!;
    expect(nominal).toBe(2);
    // libuv times from the loop's cached clock, so a timer may wake a fraction of a ms early.
    expect(late).toBeGreaterThan(-2);
    expect(Number.isFinite(late)).toBe(true);
  });
});

describe('HttpDouble', () => {
  it('keeps an idle connection as long as a vendor edge does and says so in Keep-Alive', async () => {
    const double = await HttpDouble.start((_req, res) => {
      res.end('ok');
    });
    const agent = new http.Agent({ keepAlive: true });
    try {
      const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
        http.get(`${double.url}/x`, { agent }, resolve).on('error', reject),
      );
      res.resume();
      expect(res.headers['keep-alive']).toBe(`timeout=${vendorKeepAliveMs / 1000}`);
      expect(double.httpServer.keepAliveTimeout).toBe(vendorKeepAliveMs);
    } finally {
      agent.destroy();
      await double.close();
    }
  });
});
