import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { hasIdleConnection, vendorAgents, warmConnection, wasWarmed } from './vendor-pool.ts';
import { nodePost } from './vendor-transport.ts';

const servers: net.Server[] = [];

/** An HTTP server that answers `ok:<path>` and counts the TCP connections it accepted. */
async function countingServer(onSocket?: (s: net.Socket, n: number) => void) {
  const sockets: net.Socket[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end(`ok:${req.url}`));
  });
  server.on('connection', (s: net.Socket) => {
    sockets.push(s);
    onSocket?.(s, sockets.length);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sockets };
}

async function post(url: string): Promise<string> {
  const res = await nodePost(url, {}, 'x', new AbortController().signal);
  return res.text();
}

afterEach(async () => {
  for (const s of servers.splice(0)) {
    if (s instanceof http.Server) s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

describe('warmConnection', () => {
  it('opens a connection before any request, and the next request to that origin uses it', async () => {
    const srv = await countingServer();
    warmConnection(`${srv.base}/v1/chat/completions`);
    await expect.poll(() => srv.sockets.length).toBe(1);
    expect(await post(`${srv.base}/v1/chat/completions`)).toBe('ok:/v1/chat/completions');
    expect(srv.sockets).toHaveLength(1);
    await expect.poll(() => hasIdleConnection(srv.base)).toBe(true);
  });

  it('opens one connection at most while one is opening or idle in the pool', async () => {
    const srv = await countingServer();
    warmConnection(srv.base);
    warmConnection(`${srv.base}/other`);
    await expect.poll(() => srv.sockets.length).toBe(1);
    await post(`${srv.base}/a`);
    await expect.poll(() => hasIdleConnection(srv.base)).toBe(true);
    warmConnection(srv.base);
    await post(`${srv.base}/b`);
    expect(srv.sockets).toHaveLength(1);
  });

  it('drops a warmed connection the server closes, and the request opens its own', async () => {
    const srv = await countingServer((s, n) => {
      if (n === 1) s.end();
    });
    warmConnection(srv.base);
    await expect.poll(() => srv.sockets[0]?.closed).toBe(true);
    expect(await post(`${srv.base}/after`)).toBe('ok:/after');
    expect(srv.sockets).toHaveLength(2);
  });

  it('sends the request again when the server closes a warmed connection as it is written to', async () => {
    const srv = await countingServer((s, n) => {
      if (n === 1) s.once('data', () => s.destroy());
    });
    warmConnection(srv.base);
    await expect.poll(() => srv.sockets.length).toBe(1);
    expect(await post(`${srv.base}/retried`)).toBe('ok:/retried');
    expect(srv.sockets).toHaveLength(2);
  });

  it('is quiet when nothing listens, for other protocols and for a malformed URL', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onError);
    try {
      warmConnection(`http://127.0.0.1:${port}/`);
      warmConnection('ws://127.0.0.1:1/');
      warmConnection('not a url');
      await expect(post(`http://127.0.0.1:${port}/`)).rejects.toThrow(/ECONNREFUSED/);
      await new Promise((r) => setImmediate(r));
      expect(errors).toEqual([]);
    } finally {
      process.off('uncaughtException', onError);
    }
  });

  it('hands a warmed TLS connection to the next https request for that origin', async () => {
    // A bare TCP server: the TLS handshake never completes, but the connections it accepted show reuse.
    const accepted: net.Socket[] = [];
    const server = net.createServer((s) => accepted.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    const url = `https://localhost:${(server.address() as AddressInfo).port}/v1/text-to-speech`;
    warmConnection(url);
    await expect.poll(() => accepted.length).toBe(1);
    const ctrl = new AbortController();
    const pending = nodePost(url, {}, 'x', ctrl.signal).catch((e: Error) => e);
    try {
      const agent = vendorAgents['https:'];
      await expect.poll(() => Object.values(agent.sockets).flat().length).toBe(1);
      const inUse = Object.values(agent.sockets).flat()[0] as net.Socket;
      expect(wasWarmed(inUse)).toBe(true);
      // Handed over as the agent's own: its idle timeout, and holding the process open again.
      expect(inUse.timeout).toBe(30_000);
      expect(accepted).toHaveLength(1);
    } finally {
      ctrl.abort();
    }
    expect(await pending).toBeInstanceOf(Error);
    for (const s of accepted) s.destroy();
    expect(Object.keys(vendorAgents['https:'].freeSockets)).toEqual([]);
  });
});
