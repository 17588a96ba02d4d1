import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

/** Where `npm start` (scripts/build-web.ts) puts the built dashboard. */
export const defaultDashboardDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../web/dist',
);

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Prefixes owned by the API and docs: never answered with the dashboard's index.html. */
const serverPaths = /^\/(?:v1|docs|health|internal)(?:\/|$)/;

/** Scripts only from this origin; media and fetches may reach signed recording URLs elsewhere (S3). */
const csp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  'media-src * blob: data:',
  'connect-src * blob: data:',
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const pageHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-cache',
  'content-security-policy': csp,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const missingBuild = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Parley: dashboard not built</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2937}
code{background:#f3f4f6;padding:.1rem .3rem;border-radius:4px}</style></head>
<body><h1>The dashboard has not been built</h1>
<p>Parley's API is running (<a href="/docs">API reference</a>, <a href="/health">health</a>), but
<code>web/dist</code> is missing. <code>npm start</code> builds it automatically; to build it by hand run:</p>
<pre><code>npm run build:web</code></pre>
<p>The build needs the dev dependencies (<code>npm ci</code> installs them).</p></body></html>`;

async function readFileIn(dir: string, rel: string): Promise<Buffer | undefined> {
  const file = path.resolve(dir, `.${rel}`);
  if (file !== dir && !file.startsWith(dir + path.sep)) return undefined;
  return fs.readFile(file).catch(() => undefined);
}

/**
 * The dashboard at `/`: hashed assets with a one-year immutable cache, other static files with a
 * short one, and index.html (no-cache) for every client route; a clear page when the build is missing.
 */
export function dashboardRoutes(opts: { dir?: string } = {}) {
  const dir = path.resolve(opts.dir ?? defaultDashboardDir);
  const app = new Hono();
  app.get('*', async (c) => {
    const p = c.req.path;
    if (serverPaths.test(p)) return c.notFound();
    const ext = path.extname(p);
    if (ext && ext !== '.html') {
      const body = await readFileIn(dir, p);
      if (!body) return c.notFound();
      const immutable = p.startsWith('/assets/');
      return c.body(new Uint8Array(body), 200, {
        'content-type': types[ext] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
        'x-content-type-options': 'nosniff',
      });
    }
    const index = await readFileIn(dir, '/index.html');
    if (!index) return c.body(missingBuild, 503, { ...pageHeaders, 'cache-control': 'no-store' });
    return c.body(new Uint8Array(index), 200, pageHeaders);
  });
  return app;
}
