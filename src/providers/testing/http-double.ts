import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the double received it at the network boundary. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A scripted HTTP failure: the next `times` requests answer `status` with `body` (vendor error JSON). */
export interface DoubleFailure {
  status: number;
  body: string;
  times: number;
}

export type DoubleHandler = (req: RecordedRequest, res: ServerResponse) => Promise<void> | void;

/** How a double waits out a latency (`pause`, or one that also reports how late it woke). */
export type DoubleWait = (ms: number) => Promise<void>;

/** Wait real time in a protocol double (latency simulation); zero waits return at once. */
export function pause(ms: number): Promise<void> {
  // unref: a long scripted latency must not keep a finished test process alive.
  return ms > 0 ? new Promise((r) => setTimeout(r, ms).unref()) : Promise.resolve();
}

/** Told how late a wait woke (ms past its nominal time). */
export type PauseObserver = (nominalMs: number, lateMs: number) => void;

/** A `pause` that tells `observe` how late each wait woke: a bench checks its doubles keep their latencies. */
export function observedPause(observe: PauseObserver): DoubleWait {
  return async (ms) => {
    if (ms <= 0) return;
    const from = performance.now();
    await pause(ms);
    observe(ms, performance.now() - from - ms);
  };
}

/** Answer with a JSON body. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/**
 * How long an idle kept-alive connection stays open, as at a vendor's edge: Cloudflare (in front of
 * OpenAI's API) documents 400 s for HTTP/1.1; Node's default of 5 s closed it between two turns.
 */
export const vendorKeepAliveMs = 400_000;

/**
 * A loopback HTTP server on port 0 that records every request, can inject failures, and delegates
 * the rest to a vendor-specific handler. Vendor doubles build on it.
 */
export class HttpDouble {
  readonly requests: RecordedRequest[] = [];
  /** TCP connections accepted so far (tests of connection reuse and prewarming count them). */
  connectionsAccepted = 0;
  private failures: DoubleFailure[] = [];
  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(handler: DoubleHandler): Promise<HttpDouble> {
    let self: HttpDouble | undefined;
    const server = http.createServer((req, res) => {
      void self!.dispatch(req, res, handler);
    });
    server.keepAliveTimeout = vendorKeepAliveMs;
    server.on('connection', () => self!.connectionsAccepted++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    self = new HttpDouble(server, `http://127.0.0.1:${port}`);
    return self;
  }

  /** The underlying server (WebSocket doubles attach their upgrade handler here). */
  get httpServer(): http.Server {
    return this.server;
  }

  /** Make the next `times` requests fail with `status` and the vendor's error `body`. */
  failNext(status: number, body: unknown, times = 1): void {
    this.failures.push({ status, body: typeof body === 'string' ? body : JSON.stringify(body), times });
  }

  /** Take one pending scripted failure, if any. */
  takeFailure(): DoubleFailure | undefined {
    const f = this.failures[0];
    if (!f) return undefined;
    f.times -= 1;
    if (f.times <= 0) this.failures.shift();
    return f;
  }

  get lastRequest(): RecordedRequest | undefined {
    return this.requests.at(-1);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse, handler: DoubleHandler) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const u = new URL(req.url ?? '/', 'http://double');
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path: u.pathname,
      query: u.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks),
    };
    this.requests.push(rec);
    const failure = this.takeFailure();
    if (failure) {
      res.writeHead(failure.status, { 'content-type': 'application/json', 'x-request-id': 'req_double' });
      res.end(failure.body);
      return;
    }
    try {
      await handler(rec, res);
    } catch (e) {
      if (!res.headersSent) sendJson(res, 500, { error: { message: `double failed: ${String(e)}` } });
      else res.destroy();
    }
  }
}

/** Parse a JSON request body, or undefined when it is not JSON. */
export function jsonBody(req: RecordedRequest): unknown {
  try {
    return JSON.parse(req.body.toString('utf8'));
  } catch {
    return undefined;
  }
}
