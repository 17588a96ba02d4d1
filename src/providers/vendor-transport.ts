import http from 'node:http';
import https from 'node:https';
import { vendorAgents, wasWarmed } from './vendor-pool.ts';

/** What `vendorPost` reads of an HTTP answer, whichever client fetched it. */
export interface RawResponse {
  status: number;
  headers: { get(name: string): string | null };
  body: AsyncIterable<Uint8Array>;
  text(): Promise<string>;
  /**
   * The reader has what it needs (a stream's end marker) and stopped early: drop the rest of the body
   * as it arrives, so a kept-alive connection goes back to the pool; resolves once the body ended.
   * Absent: stopping early closes the connection.
   */
  release?(): Promise<void>;
}

/** POST `body` to `url`; rejects on network errors and when `signal` aborts before the headers. */
export type PostFn = (
  url: string,
  headers: Record<string, string>,
  body: string | FormData,
  signal: AbortSignal,
) => Promise<RawResponse>;

/** A POST through `fetch` (an injected one, or a FormData body, which node:http cannot encode). */
export function fetchPost(fetchImpl: typeof fetch): PostFn {
  return async (url, headers, body, signal) => {
    const response = await fetchImpl(url, { method: 'POST', headers, body, signal });
    return {
      status: response.status,
      headers: response.headers,
      body: (response.body ?? []) as AsyncIterable<Uint8Array>,
      text: () => response.text(),
    };
  };
}

/**
 * A POST through node:http(s). On the audio path this is the LLM and TTS stream of every turn, and
 * node streams cost the event loop far less per chunk than fetch's web streams.
 */
export const nodePost: PostFn = (url, headers, body, signal) => {
  if (typeof body !== 'string') return fetchPost(fetch)(url, headers, body, signal);
  const target = new URL(url);
  const agent: http.Agent | undefined = vendorAgents[target.protocol as keyof typeof vendorAgents];
  if (!agent) return Promise.reject(new Error(`unsupported protocol ${target.protocol}`));
  return post(target, agent, headers, body, signal).catch((e: unknown) => {
    // A pooled socket the server closed as we wrote to it: the request never arrived, so send it again once.
    if (e instanceof StaleSocketError && !signal.aborted)
      return post(target, agent, headers, body, signal, false);
    throw e instanceof StaleSocketError ? e.cause : e;
  });
};

class StaleSocketError extends Error {}

function post(
  target: URL,
  agent: http.Agent,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
  pooled = true,
): Promise<RawResponse> {
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let response: http.IncomingMessage | undefined;
    const req = client.request(
      target,
      {
        method: 'POST',
        // The retry takes a connection of its own, not the pool's next one (which may be stale too).
        agent: pooled ? agent : false,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        response = res;
        // Errors reach the reader through its iterator; this keeps one nobody reads from crashing the process.
        res.on('error', () => undefined);
        resolve({
          status: res.statusCode ?? 0,
          headers: { get: (name) => headerValue(res.headers[name.toLowerCase()]) },
          // Leaving the loop early must not destroy the socket: release() or an abort decides.
          body: res.iterator({ destroyOnReturn: false }),
          text: async () => {
            let text = '';
            res.setEncoding('utf8');
            for await (const chunk of res) text += chunk;
            return text;
          },
          release: () =>
            new Promise<void>((ended) => {
              if (res.complete || res.destroyed) return ended();
              res.once('end', ended).once('close', ended).resume();
            }),
        });
      },
    );
    // Not http's own `signal` option: it destroys the socket even when the whole answer has arrived and the socket is going back to the pool.
    const onAbort = () => {
      if (response?.complete) response.resume();
      else req.destroy(Object.assign(new Error('The operation was aborted'), { code: 'ABORT_ERR' }));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    req.once('close', () => signal.removeEventListener('abort', onAbort));
    req.on('error', (e: NodeJS.ErrnoException) => {
      const kept = req.reusedSocket || wasWarmed(req.socket);
      const stale = kept && !response && (e.code === 'ECONNRESET' || e.code === 'EPIPE');
      reject(stale ? new StaleSocketError('stale pooled socket', { cause: e }) : e);
    });
    req.end(body);
  });
}

function headerValue(v: string | string[] | undefined): string | null {
  if (v === undefined) return null;
  return Array.isArray(v) ? v.join(', ') : v;
}
