import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { makePdf } from './kb-documents.ts';

/** A small local website for crawl tests: links, a loop, robots rules, redirects (one to a private address), limits. */
export interface KbSite {
  url: string;
  port: number;
  /** Requests per path, to prove each page is fetched once. */
  hits: Map<string, number>;
  /** Body text of `/news`, changeable between crawls (refresh tests). */
  news: string;
  /** Called on every request (tests advance a ManualClock here). */
  onRequest: (path: string) => void;
  close(): Promise<void>;
}

const page = (title: string, body: string) =>
  `<!doctype html><html><head><title>${title}</title><meta charset="utf-8"></head><body>
<nav><a href="/">Home</a> <a href="/about">About</a> Navigation menu text</nav>
<main><article><h1>${title}</h1>${body}</article></main>
<footer>Copyright footer text</footer></body></html>`;

const para = (s: string) =>
  `<p>${s} ${'This paragraph adds ordinary filler words so readers see a real article. '.repeat(3)}</p>`;

export async function startKbSite(): Promise<KbSite> {
  const hits = new Map<string, number>();
  const manual = await makePdf([['Hold the reset button for ten seconds to restart the lantern.']]);
  let port = 0;
  const routes: Record<string, (res: http.ServerResponse) => void> = {
    '/robots.txt': (res) => res.end('User-agent: *\nDisallow: /private\n'),
    '/': (res) =>
      res.end(
        page(
          'Acme Help Center',
          `${para('Welcome to the Acme help center.')}
<a href="/about">About us</a> <a href="/faq#shipping">FAQ</a> <a href="/faq">FAQ again</a>
<a href="/private/secret">Secret</a> <a href="http://other.example/offsite">Elsewhere</a>
<a href="/loop">Loop</a> <a href="/redirect-private">Internal tools</a> <a href="/moved">Moved</a>
<a href="/deep/1">Deep</a> <a href="/logo.png">Logo</a> <a href="/missing">Missing</a> <a href="mailto:help@acme.example">Mail</a>`,
        ),
      ),
    '/about': (res) =>
      res.end(
        page(
          'About Acme',
          `${para('Acme was founded in 1999 in Lyon by two engineers.')}<a href="/manual.pdf">Manual</a>`,
        ),
      ),
    '/manual.pdf': (res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end(manual);
    },
    '/faq': (res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' });
      res.end(zlib.gzipSync(page('FAQ', para('Shipping to Canada takes five business days.'))));
    },
    '/loop': (res) =>
      res.end(
        page('Loop', `${para('This page links back home.')}<a href="/">Home</a><a href="/loop">Self</a>`),
      ),
    '/redirect-private': (res) => {
      res.writeHead(302, { location: `http://127.0.0.2:${port}/admin` });
      res.end();
    },
    '/moved': (res) => {
      res.writeHead(301, { location: '/returns' });
      res.end();
    },
    '/returns': (res) => res.end(page('Returns', para('Returns are accepted within 30 days of delivery.'))),
    '/private/secret': (res) => res.end(page('Secret', para('The vault code is 0000.'))),
    '/deep/1': (res) => res.end(page('Deep 1', `${para('Level one.')}<a href="/deep/2">next</a>`)),
    '/deep/2': (res) => res.end(page('Deep 2', `${para('Level two.')}<a href="/deep/3">next</a>`)),
    '/deep/3': (res) => res.end(page('Deep 3', para('Level three is the bottom.'))),
    '/logo.png': (res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    },
    '/start-private': (res) => {
      res.writeHead(307, { location: `http://[::1]:${port}/` });
      res.end();
    },
    '/news': (res) => res.end(page('News', para(site.news))),
    '/plain.txt': (res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('Plain text opening hours: 9 to 5.');
    },
  };
  const site: KbSite = {
    url: '',
    port: 0,
    hits,
    news: 'No news yet.',
    onRequest: () => {},
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    site.onRequest(path);
    const route = routes[path];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<h1>Not found</h1>');
      return;
    }
    if (!res.headersSent && path !== '/faq' && path !== '/robots.txt')
      res.setHeader('content-type', 'text/html; charset=utf-8');
    route(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  site.port = port;
  site.url = `http://127.0.0.1:${port}`;
  return site;
}
