import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardRoutes } from './dashboard.ts';

let dir: string;
let app: Hono;

/** The dashboard mounted at `/` behind a stand-in API route, as in createApp. */
function mount(distDir: string) {
  const a = new Hono();
  a.get('/v1/health', (c) => c.json({ status: 'ok' }));
  a.notFound((c) => c.json({ error: { code: 'ROUTE_NOT_FOUND' } }, 404));
  a.route('/', dashboardRoutes({ dir: distDir }));
  return a;
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-dist-'));
  await fs.mkdir(path.join(dir, 'assets'));
  await fs.writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Parley</title>');
  await fs.writeFile(path.join(dir, 'assets', 'index-AbC123.js'), 'console.log(1)');
  await fs.writeFile(path.join(dir, 'assets', 'index-AbC123.css'), 'body{}');
  await fs.writeFile(path.join(dir, 'favicon.svg'), '<svg/>');
  await fs.writeFile(path.join(os.tmpdir(), 'parley-secret.txt'), 'secret');
  app = mount(dir);
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.rm(path.join(os.tmpdir(), 'parley-secret.txt'), { force: true });
});

describe('GET client routes', () => {
  it.each(['/', '/agents', '/calls/call_01abc', '/knowledge-bases/kb_1?x=1'])(
    '200 index.html for %s',
    async (p) => {
      const res = await app.request(p);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await res.text()).toContain('<title>Parley</title>');
    },
  );

  it('503 with a build hint when web/dist is missing', async () => {
    const res = await mount(path.join(dir, 'nope')).request('/agents');
    expect(res.status).toBe(503);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toContain('npm run build:web');
  });
});

describe('GET static files', () => {
  it('200 hashed assets with a year-long immutable cache and the right type', async () => {
    const js = await app.request('/assets/index-AbC123.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const css = await app.request('/assets/index-AbC123.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('200 other static files with a short cache', async () => {
    const res = await app.request('/favicon.svg');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
  });

  it('404 for a missing asset (never index.html)', async () => {
    const res = await app.request('/assets/index-gone.js');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('404 for paths that climb out of web/dist', async () => {
    for (const p of [
      '/../parley-secret.txt',
      '/%2e%2e/parley-secret.txt',
      '/assets/..%2f..%2fparley-secret.txt',
    ]) {
      const res = await app.request(p);
      expect(res.status, p).toBe(404);
    }
  });
});

describe('API paths', () => {
  it('leaves /v1, /docs and /health to the server (JSON 404, not the dashboard)', async () => {
    expect((await app.request('/v1/health')).status).toBe(200);
    for (const p of ['/v1/nope', '/v1', '/docs/missing', '/health/x']) {
      const res = await app.request(p);
      expect(res.status, p).toBe(404);
      expect(res.headers.get('content-type'), p).toContain('application/json');
    }
  });
});
