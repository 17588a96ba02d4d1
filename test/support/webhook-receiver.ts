import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request a receiver got, with its signature checked by `standardwebhooks`' `Webhook.verify`. */
export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The parsed payload when the signature verified, else undefined. */
  verified: unknown;
  verifyError: string | undefined;
}

/** How the receiver answers; `hang` never answers (for timeout tests). */
export type ReceiverReply = { status: number; body?: string; headers?: Record<string, string> } | 'hang';

/** A loopback HTTP server (port 0) that records and verifies every webhook it receives. */
export async function startWebhookReceiver(secret: () => string | undefined) {
  const received: ReceivedWebhook[] = [];
  let reply: ReceiverReply = { status: 200, body: 'ok' };
  /** Replies used once each, in order, before `reply` (e.g. fail the first attempts). */
  const upcoming: ReceiverReply[] = [];
  const waiters: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let verified: unknown;
      let verifyError: string | undefined;
      const s = secret();
      try {
        if (!s) throw new Error('no secret configured');
        verified = new Webhook(s).verify(body, req.headers as Record<string, string>);
      } catch (e) {
        verifyError = (e as Error).message;
      }
      received.push({ headers: req.headers, body, verified, verifyError });
      for (const w of waiters.splice(0)) w();
      const r = upcoming.shift() ?? reply;
      if (r === 'hang') return;
      res.writeHead(r.status, r.headers ?? { 'content-type': 'text/plain' });
      res.end(r.body ?? '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    reply(r: ReceiverReply) {
      reply = r;
    },
    /** Answer the next requests with these, in order, then with `reply` again. */
    replyOnce(...rs: ReceiverReply[]) {
      upcoming.push(...rs);
    },
    /** Verified payloads received so far (unverified requests are skipped). */
    events(): Record<string, unknown>[] {
      return received
        .filter((r) => r.verified !== undefined)
        .map((r) => r.verified as Record<string, unknown>);
    },
    /** Resolves when the next request has been read. */
    nextRequest(): Promise<void> {
      return new Promise((r) => waiters.push(r));
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
