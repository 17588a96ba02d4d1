import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFailure } from '../../../test/support/ingest-failure.ts';
import { type KbSite, startKbSite } from '../../../test/support/kb-site.ts';
import { ManualClock } from '../../lib/clock.ts';
import { isPrivateAddress } from '../../lib/private-network.ts';
import { inProcessExtraction } from '../text-extraction.ts';
import { type CrawlLimits, defaultCrawlLimits, SiteCrawler } from './site-crawler.ts';
import { addressPolicy, type Resolver, WebFetcher } from './web-fetcher.ts';

let site: KbSite;
beforeAll(async () => {
  site = await startKbSite();
});
afterAll(async () => {
  await site.close();
});

/** The test site is on 127.0.0.1; every other private address stays refused, as in production. */
const onlyTestSite = (ip: string) => ip === '127.0.0.1' || !isPrivateAddress(ip);

function crawler(
  opts: {
    limits?: Partial<CrawlLimits>;
    allow?: (ip: string) => boolean;
    resolve?: Resolver;
    clock?: ManualClock;
  } = {},
) {
  const fetcher = new WebFetcher({
    allowAddress: opts.allow ?? onlyTestSite,
    ...(opts.resolve ? { resolve: opts.resolve } : {}),
    userAgent: 'ParleyBot/test',
    timeoutMs: 5_000,
    maxRedirects: 5,
  });
  return new SiteCrawler(fetcher, inProcessExtraction, opts.clock ?? new ManualClock(), {
    ...defaultCrawlLimits,
    ...opts.limits,
  });
}

describe('SiteCrawler.crawl', () => {
  it('follows same-site links breadth-first, once each, within robots rules, refusing a redirect to a private address', async () => {
    site.hits.clear();
    const r = await crawler().crawl(`${site.url}/`);
    const pages = r.sections.map((s) => new URL(s.locator!).pathname);
    expect(pages).toEqual([
      '/',
      '/about',
      '/faq',
      '/loop',
      '/returns',
      '/deep/1',
      '/manual.pdf',
      '/deep/2',
      '/deep/3',
    ]);
    for (const path of ['/', '/about', '/faq', '/loop', '/robots.txt']) expect(site.hits.get(path)).toBe(1);
    expect(site.hits.has('/private/secret')).toBe(false);
    expect(site.hits.has('/admin')).toBe(false);
    const skipped = Object.fromEntries(r.skipped.map((s) => [new URL(s.url).pathname, s.reason]));
    expect(skipped['/private/secret']).toBe('disallowed by robots.txt');
    expect(skipped['/redirect-private']).toMatch(/127\.0\.0\.2.*PARLEY_ALLOW_PRIVATE_URLS/);
    expect(skipped['/missing']).toMatch(/HTTP 404/);
    expect(r.skipped.some((s) => s.url.includes('other.example'))).toBe(false);
    const home = r.sections[0]!.text;
    expect(home).toMatch(/^# Acme Help Center\n/);
    expect(home).toContain('Welcome to the Acme help center.');
    expect(home).not.toContain('Navigation menu text');
    expect(r.sections[2]!.text).toContain('Shipping to Canada takes five business days.');
    expect(r.sections[6]!.text).toBe('Hold the reset button for ten seconds to restart the lantern.');
  });

  it('stops at the depth limit', async () => {
    const r = await crawler({ limits: { maxDepth: 2 } }).crawl(`${site.url}/`);
    const pages = r.sections.map((s) => new URL(s.locator!).pathname);
    expect(pages).toContain('/deep/2');
    expect(pages).not.toContain('/deep/3');
  });

  it('stops at the page limit and reports what it left', async () => {
    const r = await crawler({ limits: { maxPages: 2 } }).crawl(`${site.url}/`);
    expect(r.fetched).toBe(2);
    expect(r.skipped.filter((s) => s.reason === 'page limit (2) reached').length).toBeGreaterThan(3);
  });

  it('stops when the time budget is used up', async () => {
    const clock = new ManualClock();
    site.onRequest = () => clock.advance(40_000);
    try {
      const r = await crawler({ clock, limits: { timeBudgetMs: 100_000 } }).crawl(`${site.url}/`);
      expect(r.fetched).toBeLessThan(4);
      expect(r.skipped.some((s) => s.reason.startsWith('time budget'))).toBe(true);
    } finally {
      site.onRequest = () => {};
    }
  });

  it('stops at the byte limit', async () => {
    const r = await crawler({ limits: { maxTotalBytes: 3000 } }).crawl(`${site.url}/`);
    expect(r.bytes).toBeLessThanOrEqual(3000);
    expect(r.skipped.some((s) => s.reason.startsWith('byte limit'))).toBe(true);
  });

  it('reads a plain-text URL', async () => {
    const r = await crawler().crawl(`${site.url}/plain.txt`);
    expect(r.sections).toEqual([
      { text: 'Plain text opening hours: 9 to 5.', locator: `${site.url}/plain.txt` },
    ]);
  });

  it('refuses a loopback start URL by default, naming PARLEY_ALLOW_PRIVATE_URLS, without connecting', async () => {
    site.hits.clear();
    const e = await ingestFailure(crawler({ allow: addressPolicy(false) }).crawl(`${site.url}/`));
    expect(e.message).toMatch(/127\.0\.0\.1.*PARLEY_ALLOW_PRIVATE_URLS=true/);
    expect(site.hits.size).toBe(0);
  });

  it('checks names after DNS resolution: a public-looking name resolving to private space is refused', async () => {
    const resolve: Resolver = async () => [{ address: '10.0.0.7', family: 4 }];
    const e = await ingestFailure(crawler({ resolve }).crawl('http://help.acme.test/'));
    expect(e.message).toMatch(/help\.acme\.test \(10\.0\.0\.7\).*PARLEY_ALLOW_PRIVATE_URLS/);
  });

  it('checks every redirect hop: a start URL redirecting to ::1 fails', async () => {
    const e = await ingestFailure(crawler().crawl(`${site.url}/start-private`));
    expect(e.message).toMatch(/::1.*PARLEY_ALLOW_PRIVATE_URLS/);
  });

  it('allows private addresses when the operator does', async () => {
    const r = await crawler({ allow: addressPolicy(true), limits: { maxDepth: 0 } }).crawl(
      `${site.url}/about`,
    );
    expect(r.sections).toHaveLength(1);
    expect(r.sections[0]!.text).toContain('founded in 1999');
  });

  it('fails a start URL that robots.txt disallows, answers 404, or has no text', async () => {
    expect((await ingestFailure(crawler().crawl(`${site.url}/private/secret`))).message).toMatch(
      /robots\.txt .* does not allow/,
    );
    expect((await ingestFailure(crawler().crawl(`${site.url}/missing`))).message).toMatch(
      /answered HTTP 404/,
    );
    expect((await ingestFailure(crawler().crawl(`${site.url}/logo.png`))).message).toMatch(
      /No readable text/,
    );
  });

  it('fails an unreachable start URL with the network reason', async () => {
    const closed = await startKbSite();
    const url = closed.url;
    await closed.close();
    expect((await ingestFailure(crawler().crawl(`${url}/`))).message).toMatch(
      /Could not crawl .*ECONNREFUSED/,
    );
  });
});
