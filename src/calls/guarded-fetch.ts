import http from 'node:http';
import https from 'node:https';
import { assertNotPrivateLiteral, guardedLookup } from '../lib/private-network.ts';
import type { HttpFetch } from '../pipeline/tools/tool-runner.ts';

/** Largest response body an api_call tool reads (the model only ever sees the first few KB). */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * `fetch` for api_call tools with the SSRF guard (decisions §8): private, loopback and link-local
 * addresses are refused — checked on the literal host and again on the address DNS returns —
 * unless PARLEY_ALLOW_PRIVATE_URLS is set. Redirects are returned to the model, never followed.
 */
export function guardedFetch(allowPrivate: boolean): HttpFetch {
  const lookup = guardedLookup(allowPrivate);
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input);
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return reject(new Error(`only http and https URLs are allowed, not ${url.protocol}`));
      try {
        assertNotPrivateLiteral(url, allowPrivate);
      } catch (e) {
        return reject(e);
      }
      const headers = new Headers(init.headers);
      const body = typeof init.body === 'string' ? init.body : undefined;
      if (body !== undefined) headers.set('content-length', String(Buffer.byteLength(body)));
      const client = url.protocol === 'https:' ? https : http;
      const req = client.request(
        url,
        {
          method: init.method ?? 'GET',
          headers: Object.fromEntries(headers),
          lookup,
          agent: false,
          ...(init.signal ? { signal: init.signal } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            if (size < MAX_BODY_BYTES) chunks.push(c.subarray(0, MAX_BODY_BYTES - size));
            size += c.length;
          });
          res.on('error', reject);
          res.on('end', () => {
            const out = new Headers();
            for (const [k, v] of Object.entries(res.headers))
              if (typeof v === 'string') out.set(k, v);
              else if (Array.isArray(v)) out.set(k, v.join(', '));
            const status = res.statusCode ?? 502;
            const nullBody = status === 204 || status === 304;
            resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, headers: out }));
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
}
