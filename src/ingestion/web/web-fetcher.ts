import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net, { type LookupFunction } from 'node:net';
import zlib from 'node:zlib';
import { isPrivateAddress, PrivateAddressError, urlHost } from '../../lib/private-network.ts';

export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;

export interface WebFetcherOptions {
  /** Whether an address may be dialled; the default refuses loopback, private and link-local space. */
  allowAddress: (ip: string) => boolean;
  /** Name resolution (tests resolve names to chosen addresses). */
  resolve?: Resolver;
  userAgent: string;
  /** Whole request, redirects included. */
  timeoutMs: number;
  maxRedirects: number;
}

export interface FetchedResource {
  /** After redirects. */
  url: string;
  status: number;
  contentType: string;
  body: Buffer;
  /** The body was cut at `maxBytes`. */
  truncated: boolean;
}

/** A network-level failure (refused connection, timeout, bad redirect); the message says which. */
export class FetchError extends Error {
  override name = 'FetchError';
}

/** Refuse loopback/private/link-local targets unless the operator allowed them (PARLEY_ALLOW_PRIVATE_URLS). */
export function addressPolicy(allowPrivate: boolean): (ip: string) => boolean {
  return allowPrivate ? () => true : (ip) => !isPrivateAddress(ip);
}

const systemResolver: Resolver = (host) => dns.promises.lookup(host, { all: true, verbatim: true });

/**
 * GETs over node:http(s) whose connections are checked at the address actually dialled: names
 * are resolved by our own lookup and refused when any address is disallowed, IP literals are
 * checked before connecting, and every redirect hop goes through the same check.
 */
export class WebFetcher {
  private readonly resolve: Resolver;
  constructor(private readonly opts: WebFetcherOptions) {
    this.resolve = opts.resolve ?? systemResolver;
  }

  async get(url: string, maxBytes: number): Promise<FetchedResource> {
    const signal = AbortSignal.timeout(this.opts.timeoutMs);
    let current = new URL(url);
    for (let hop = 0; ; hop++) {
      const res = await this.once(current, maxBytes, signal);
      const location = res.status >= 300 && res.status < 400 ? res.location : undefined;
      if (!location) return { url: current.href, ...res };
      if (hop >= this.opts.maxRedirects)
        throw new FetchError(`${url} redirected more than ${this.opts.maxRedirects} times`);
      const next = new URL(location, current);
      if (next.protocol !== 'http:' && next.protocol !== 'https:')
        throw new FetchError(`${current.href} redirected to a non-http URL (${next.protocol})`);
      next.hash = '';
      current = next;
    }
  }

  private lookup(): LookupFunction {
    return (hostname, options, callback) => {
      this.resolve(hostname).then(
        (addresses) => {
          const bad = addresses.find((a) => !this.opts.allowAddress(a.address));
          if (bad) return callback(new PrivateAddressError(hostname, bad.address), '', 0);
          const first = addresses[0];
          if (!first)
            return callback(
              Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }),
              '',
              0,
            );
          if (options.all) return callback(null, addresses);
          return callback(null, first.address, first.family);
        },
        (e: NodeJS.ErrnoException) => callback(e, '', 0),
      );
    };
  }

  private once(url: URL, maxBytes: number, signal: AbortSignal) {
    const host = urlHost(url);
    if (net.isIP(host) && !this.opts.allowAddress(host))
      return Promise.reject(new PrivateAddressError(host, host));
    const client = url.protocol === 'https:' ? https : http;
    return new Promise<Omit<FetchedResource, 'url'> & { location: string | undefined }>((resolve, reject) => {
      const req = client.get(
        url,
        {
          headers: {
            'user-agent': this.opts.userAgent,
            accept: 'text/html,text/plain;q=0.9,*/*;q=0.5',
            'accept-encoding': 'gzip, deflate, br',
          },
          lookup: this.lookup(),
          signal,
        },
        (res) => {
          const status = res.statusCode ?? 0;
          const base = {
            status,
            contentType: String(res.headers['content-type'] ?? ''),
            location: res.headers.location,
          };
          if (status >= 300 && status < 400 && base.location) {
            res.resume();
            return resolve({ ...base, body: Buffer.alloc(0), truncated: false });
          }
          const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
          const stream =
            encoding === 'gzip'
              ? res.pipe(zlib.createGunzip())
              : encoding === 'br'
                ? res.pipe(zlib.createBrotliDecompress())
                : encoding === 'deflate'
                  ? res.pipe(zlib.createInflate())
                  : res;
          const parts: Buffer[] = [];
          let size = 0;
          let truncated = false;
          stream.on('data', (chunk: Buffer) => {
            if (truncated) return;
            const room = maxBytes - size;
            if (chunk.length > room) {
              parts.push(chunk.subarray(0, room));
              size = maxBytes;
              truncated = true;
              res.destroy();
              resolve({ ...base, body: Buffer.concat(parts), truncated });
              return;
            }
            parts.push(chunk);
            size += chunk.length;
          });
          stream.on('end', () => resolve({ ...base, body: Buffer.concat(parts), truncated }));
          stream.on('error', (e) =>
            truncated ? undefined : reject(new FetchError(`${url.href}: ${e.message}`)),
          );
        },
      );
      req.on('error', (e: NodeJS.ErrnoException) => {
        if (e instanceof PrivateAddressError || e.cause instanceof PrivateAddressError)
          return reject(e instanceof PrivateAddressError ? e : e.cause);
        if (signal.aborted)
          return reject(new FetchError(`${url.href} did not answer within ${this.opts.timeoutMs} ms`));
        reject(new FetchError(`could not fetch ${url.href}: ${e.code ?? e.message}`));
      });
    });
  }
}
