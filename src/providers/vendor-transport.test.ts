import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vendorAgents } from './vendor-pool.ts';
import { nodePost } from './vendor-transport.ts';

describe('nodePost', () => {
  let server: http.Server;
  let base: string;
  const seen: { body: string; headers: http.IncomingHttpHeaders; remotePort: number | undefined }[] = [];
  const closed: string[] = [];
  let release: (() => void) | undefined;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => {
        body += c;
      });
      req.on('end', () => {
        seen.push({ body, headers: req.headers, remotePort: req.socket.remotePort });
        if (req.url === '/slow') {
          res.writeHead(200, { 'x-request-id': 'req_1' });
          res.write('first');
          res.on('close', () => closed.push('/slow'));
          release = () => res.end('last');
          return;
        }
        res.writeHead(req.url === '/bad' ? 429 : 200, { 'x-request-id': ['a', 'b'] });
        res.end(`echo:${body}`);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('sends the body with its length and headers, and reads status, headers and text', async () => {
    const res = await nodePost(
      `${base}/bad`,
      { 'content-type': 'application/json' },
      '{"é":1}',
      new AbortController().signal,
    );
    expect(res.status).toBe(429);
    expect(res.headers.get('X-Request-Id')).toBe('a, b');
    expect(res.headers.get('absent')).toBeNull();
    expect(await res.text()).toBe('echo:{"é":1}');
    const last = seen.at(-1)!;
    expect(last.headers['content-length']).toBe(String(Buffer.byteLength('{"é":1}')));
    expect(last.headers['content-type']).toBe('application/json');
  });

  it('reuses the connection for the next request once an answer was read', async () => {
    const a = await nodePost(`${base}/one`, {}, 'a', new AbortController().signal);
    await a.text();
    const b = await nodePost(`${base}/two`, {}, 'b', new AbortController().signal);
    await b.text();
    expect(seen.at(-1)!.remotePort).toBe(seen.at(-2)!.remotePort);
  });

  it('closes the connection when aborted while the answer is still arriving', async () => {
    const ctrl = new AbortController();
    const res = await nodePost(`${base}/slow`, {}, 'x', ctrl.signal);
    const got: string[] = [];
    await expect(
      (async () => {
        for await (const c of res.body) {
          got.push(Buffer.from(c).toString());
          ctrl.abort();
        }
      })(),
    ).rejects.toThrow();
    expect(got).toEqual(['first']);
    await expect.poll(() => closed).toContain('/slow');
    release?.();
  });

  it('keeps the connection when the reader leaves early and releases the rest of the body', async () => {
    const res = await nodePost(`${base}/slow`, {}, 'x', new AbortController().signal);
    for await (const c of res.body) {
      expect(Buffer.from(c).toString()).toBe('first');
      break;
    }
    const released = res.release!();
    release?.();
    await released;
    const next = await nodePost(`${base}/after-release`, {}, 'y', new AbortController().signal);
    expect(await next.text()).toBe('echo:y');
    expect(seen.at(-1)!.remotePort).toBe(seen.at(-2)!.remotePort);
  });

  it('ignores an abort after the whole answer arrived (the connection goes back to the pool)', async () => {
    const ctrl = new AbortController();
    const res = await nodePost(`${base}/done`, {}, 'x', ctrl.signal);
    expect(await res.text()).toBe('echo:x');
    ctrl.abort();
    const next = await nodePost(`${base}/after`, {}, 'y', new AbortController().signal);
    expect(await next.text()).toBe('echo:y');
    expect(seen.at(-1)!.remotePort).toBe(seen.at(-2)!.remotePort);
  });

  it('rejects when aborted before the answer, and on an unsupported protocol', async () => {
    const ctrl = new AbortController();
    const pending = nodePost(`${base}/slow`, {}, 'x', ctrl.signal);
    ctrl.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ABORT_ERR' });
    release?.();
    await expect(nodePost('ftp://example.com/x', {}, 'x', new AbortController().signal)).rejects.toThrow(
      /unsupported protocol ftp:/,
    );
  });

  it("drops an idle pooled socket a second before the server's announced keep-alive timeout", async () => {
    const res = await nodePost(`${base}/hint`, {}, 'x', new AbortController().signal);
    await res.text();
    // Node's server announces `Keep-Alive: timeout=5`; without an agent timeout Node would ignore it.
    const free = Object.values(vendorAgents['http:'].freeSockets).flat();
    expect(free.length).toBeGreaterThan(0);
    expect(free.map((socket) => socket?.timeout)).toContain(4000);
  });
});

describe('nodePost on a pooled socket the server has just closed', () => {
  /** A raw HTTP/1.1 server that answers each request, or resets its connection, as `behaviour` says for its n-th on that connection. */
  async function rawServer(behaviour: (requestOnConnection: number) => 'answer' | 'drop') {
    const requests: { connection: number; body: string }[] = [];
    let connections = 0;
    const server = net.createServer((socket) => {
      const connection = ++connections;
      let count = 0;
      let buffered = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        buffered += chunk;
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/content-length: (\d+)/i.exec(buffered.slice(0, end))?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        const body = buffered.slice(end + 4, end + 4 + length);
        buffered = buffered.slice(end + 4 + length);
        count += 1;
        requests.push({ connection, body });
        if (behaviour(count) === 'drop') socket.resetAndDestroy();
        else
          socket.write(
            `HTTP/1.1 200 OK\r\nContent-Length: ${body.length + 3}\r\nConnection: keep-alive\r\n\r\nok:${body}`,
          );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat`;
    const close = () => new Promise((r) => server.close(r));
    return { url, requests, close };
  }

  it('sends the request again once, on a new connection, when the reused one is reset before any answer', async () => {
    const s = await rawServer((n) => (n === 2 ? 'drop' : 'answer'));
    try {
      const first = await nodePost(s.url, {}, 'one', new AbortController().signal);
      expect(await first.text()).toBe('ok:one');
      const second = await nodePost(s.url, {}, 'two', new AbortController().signal);
      expect(await second.text()).toBe('ok:two');
      expect(s.requests).toEqual([
        { connection: 1, body: 'one' },
        { connection: 1, body: 'two' },
        { connection: 2, body: 'two' },
      ]);
    } finally {
      await s.close();
    }
  });

  it('does not resend when a fresh connection is reset (the server may have acted on it)', async () => {
    const s = await rawServer(() => 'drop');
    try {
      await expect(nodePost(s.url, {}, 'once', new AbortController().signal)).rejects.toMatchObject({
        code: 'ECONNRESET',
      });
      expect(s.requests).toEqual([{ connection: 1, body: 'once' }]);
    } finally {
      await s.close();
    }
  });
});
