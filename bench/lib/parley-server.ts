import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { parleyNodeArgs, spawnTs, stopChild } from './processes.ts';

/** A free loopback TCP port (bind to 0, read it, release it). */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

export interface ParleyServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `src/main.ts` in its own process on a loopback port, as an operator would run it; resolves once /v1/health answers. */
export async function startParley(opts: {
  dataDir: string;
  databaseUrl?: string | undefined;
  apiKey: string;
  env?: Record<string, string>;
  nodeArgs?: string[] | undefined;
  /** Append the server's log (stdout) to this file instead of dropping it. */
  logFile?: string | undefined;
  /** Keep the server on these CPUs (`taskset -c` syntax). */
  cpus?: string | undefined;
}): Promise<ParleyServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawnTs('src/main.ts', {
    nodeArgs: [...parleyNodeArgs(), ...(opts.nodeArgs ?? [])],
    cpus: opts.cpus,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PARLEY_DATA_DIR: opts.dataDir,
      PARLEY_PUBLIC_URL: url,
      PARLEY_API_KEY: opts.apiKey,
      DATABASE_URL: opts.databaseUrl ?? '',
      ...opts.env,
    },
  });
  if (opts.logFile) child.stdout?.pipe(fs.createWriteStream(opts.logFile, { flags: 'a' }));
  else child.stdout?.resume();
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Parley exited with ${child.exitCode} during start`);
    const ok = await fetch(`${url}/v1/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error('Parley did not become healthy within 180 s');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, child, stop: () => stopChild(child) };
}

/** JSON request against a running Parley with a bearer key; throws on non-2xx. */
export async function api<T = Record<string, unknown>>(
  base: string,
  key: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : {}) as T;
}
