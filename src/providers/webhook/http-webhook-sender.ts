import http from 'node:http';
import https from 'node:https';
import { Webhook } from 'standardwebhooks';
import type { OutgoingWebhook, SendResult, WebhookSender } from '../../domain/webhook/webhook-sender.ts';
import type { Clock } from '../../lib/clock.ts';
import { assertNotPrivateLiteral, guardedLookup, PrivateAddressError } from '../../lib/private-network.ts';

export interface HttpWebhookSenderOptions {
  clock: Clock;
  /** `PARLEY_ALLOW_PRIVATE_URLS`: allow loopback/private/link-local targets. */
  allowPrivateUrls: boolean;
  userAgent: string;
  /** Whole-exchange timeout (decisions §6: 10 s). */
  timeoutMs?: number;
  /** How much of the receiver's answer is kept. */
  maxResponseBytes?: number;
}

const failure = (error: string, status: number | null = null, body: string | null = null): SendResult => ({
  ok: false,
  status,
  body,
  error,
});

/**
 * Standard Webhooks over HTTP(S): signs with `standardwebhooks`, POSTs once, never follows
 * redirects, refuses private addresses after DNS resolution unless allowed.
 */
export class HttpWebhookSender implements WebhookSender {
  private readonly timeoutMs: number;
  private readonly maxBytes: number;

  constructor(private readonly opts: HttpWebhookSenderOptions) {
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.maxBytes = opts.maxResponseBytes ?? 4096;
  }

  async send(msg: OutgoingWebhook): Promise<SendResult> {
    let url: URL;
    try {
      url = new URL(msg.url);
    } catch {
      return failure(`Invalid webhook URL '${msg.url}'.`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return failure(`Webhook URLs must be http or https, not ${url.protocol}`);
    try {
      assertNotPrivateLiteral(url, this.opts.allowPrivateUrls);
    } catch (e) {
      return failure((e as Error).message);
    }
    const headers = {
      'content-type': 'application/json',
      'user-agent': this.opts.userAgent,
      'webhook-id': msg.messageId,
      'webhook-timestamp': String(Math.floor(msg.timestamp.getTime() / 1000)),
      'webhook-signature': new Webhook(msg.secret).sign(msg.messageId, msg.timestamp, msg.body),
      'content-length': String(Buffer.byteLength(msg.body)),
    };
    return this.post(url, headers, msg.body);
  }

  private post(url: URL, headers: Record<string, string>, body: string): Promise<SendResult> {
    const { clock } = this.opts;
    return new Promise((resolve) => {
      let settled = false;
      const finish = (r: SendResult) => {
        if (settled) return;
        settled = true;
        clock.clearTimeout(timer);
        resolve(r);
      };
      const client = url.protocol === 'https:' ? https : http;
      const req = client.request(
        url,
        { method: 'POST', headers, agent: false, lookup: guardedLookup(this.opts.allowPrivateUrls) },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const done = () => finish(this.result(res, Buffer.concat(chunks).toString('utf8')));
          res.on('data', (chunk: Buffer) => {
            chunks.push(chunk.subarray(0, this.maxBytes - size));
            size += chunk.length;
            if (size >= this.maxBytes) {
              done();
              res.destroy();
            }
          });
          res.on('end', done);
          res.on('error', (e) => finish(failure(describe(e), res.statusCode ?? null)));
        },
      );
      const timer = clock.setTimeout(() => {
        finish(failure(`Timed out after ${this.timeoutMs / 1000} s without a complete response.`));
        req.destroy();
      }, this.timeoutMs);
      req.on('error', (e) => finish(failure(describe(e))));
      req.end(body);
    });
  }

  private result(res: http.IncomingMessage, text: string): SendResult {
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return { ok: true, status, body: text, error: null };
    if (status >= 300 && status < 400)
      return failure(
        `Received a ${status} redirect${res.headers.location ? ` to ${res.headers.location}` : ''}; webhook redirects are not followed.`,
        status,
        text,
      );
    return failure(`Receiver answered HTTP ${status}.`, status, text);
  }
}

function describe(e: Error): string {
  if (e instanceof PrivateAddressError) return e.message;
  const code = (e as NodeJS.ErrnoException).code;
  return code ? `${code}: ${e.message}` : e.message;
}
