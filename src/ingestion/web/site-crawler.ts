import robotsParserModule from 'robots-parser';
import type { TextSection } from '../../domain/knowledge-base/chunking.ts';
import { IngestError } from '../../domain/knowledge-base/ingest-error.ts';
import type { Clock } from '../../lib/clock.ts';
import { PrivateAddressError } from '../../lib/private-network.ts';
import type { TextExtraction } from '../text-extraction.ts';
import { FetchError, type FetchedResource, type WebFetcher } from './web-fetcher.ts';

/** Bounds on one URL source's crawl. */
export interface CrawlLimits {
  maxPages: number;
  /** Link hops from the start page (0 = the start page only). */
  maxDepth: number;
  maxTotalBytes: number;
  maxPageBytes: number;
  /** Wall-clock budget for the whole crawl, measured on the injected clock. */
  timeBudgetMs: number;
}

export const defaultCrawlLimits: CrawlLimits = {
  maxPages: 50,
  maxDepth: 3,
  maxTotalBytes: 20 * 1024 * 1024,
  maxPageBytes: 5 * 1024 * 1024,
  timeBudgetMs: 120_000,
};

export interface CrawlResult {
  /** One section per page with text; the locator is the page URL. */
  sections: TextSection[];
  /** Pages fetched (with or without text). */
  fetched: number;
  bytes: number;
  /** URLs not crawled and why (robots, refused address, errors, limits). */
  skipped: { url: string; reason: string }[];
}

type Robots = { isAllowed(url: string, ua?: string): boolean | undefined };
// The package's typings declare an untyped module; at runtime the default export is this function.
const robotsParser = robotsParserModule as unknown as (url: string, robotsTxt: string) => Robots;

/** Same site = same host (ignoring a leading `www.`) and port; http and https count as one site. */
function siteKey(u: URL): string {
  return `${u.hostname.replace(/^www\./, '')}:${u.port}`;
}

function charsetOf(contentType: string, body: Buffer): string {
  const declared = /charset=["']?([\w-]+)/i.exec(contentType)?.[1];
  const meta = /<meta[^>]+charset=["']?([\w-]+)/i.exec(body.subarray(0, 2048).toString('latin1'))?.[1];
  return declared ?? meta ?? 'utf-8';
}

function decode(body: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

/**
 * Breadth-first crawl of one site from a start URL: robots.txt rules for our user agent, same-site
 * links only, loops cut by a seen-set, and page/depth/byte/time limits. Refused or failing start
 * URLs are IngestErrors; later pages that fail are skipped and reported.
 */
export class SiteCrawler {
  constructor(
    private readonly fetcher: WebFetcher,
    private readonly extraction: TextExtraction,
    private readonly clock: Clock,
    private readonly limits: CrawlLimits,
    private readonly agent = 'ParleyBot',
  ) {}

  async crawl(startUrl: string): Promise<CrawlResult> {
    const started = this.clock.monotonic();
    const robots = new Map<string, Robots>();
    const result: CrawlResult = { sections: [], fetched: 0, bytes: 0, skipped: [] };
    const queue: { url: string; depth: number }[] = [{ url: startUrl, depth: 0 }];
    const seen = new Set([startUrl]);
    let site: string | undefined;

    while (queue.length > 0) {
      const { url, depth } = queue.shift()!;
      const first = site === undefined;
      const stop = this.limitReached(result, started);
      if (stop) {
        result.skipped.push({ url, reason: stop }, ...queue.map((q) => ({ url: q.url, reason: stop })));
        break;
      }
      let page: FetchedResource;
      try {
        if (!(await this.allowed(url, robots))) {
          if (first)
            throw new IngestError(`robots.txt of ${new URL(url).origin} does not allow crawling ${url}.`);
          result.skipped.push({ url, reason: 'disallowed by robots.txt' });
          continue;
        }
        page = await this.fetcher.get(
          url,
          Math.min(this.limits.maxPageBytes, this.limits.maxTotalBytes - result.bytes),
        );
        if (page.status >= 400) throw new FetchError(`${url} answered HTTP ${page.status}`);
      } catch (e) {
        if (first) throw toIngestError(url, e);
        result.skipped.push({ url, reason: (e as Error).message });
        continue;
      }
      result.fetched++;
      result.bytes += page.body.length;
      const final = new URL(page.url);
      if (first) site = siteKey(final);
      else if (siteKey(final) !== site) {
        result.skipped.push({ url, reason: `redirected off-site to ${page.url}` });
        continue;
      }
      let read: { text: string; links: string[] };
      try {
        read = await this.read(page);
      } catch (e) {
        if (first) throw toIngestError(url, e);
        result.skipped.push({ url, reason: (e as Error).message });
        continue;
      }
      const { text, links } = read;
      if (text.trim()) result.sections.push({ text: text.trim(), locator: page.url });
      if (depth >= this.limits.maxDepth) continue;
      for (const link of links) {
        if (seen.has(link) || siteKey(new URL(link)) !== site) continue;
        seen.add(link);
        queue.push({ url: link, depth: depth + 1 });
      }
    }
    if (result.sections.length === 0) throw new IngestError(`No readable text was found at ${startUrl}.`);
    return result;
  }

  private limitReached(r: CrawlResult, started: number): string | undefined {
    if (r.fetched >= this.limits.maxPages) return `page limit (${this.limits.maxPages}) reached`;
    if (r.bytes >= this.limits.maxTotalBytes) return `byte limit (${this.limits.maxTotalBytes}) reached`;
    if (this.clock.monotonic() - started >= this.limits.timeBudgetMs)
      return `time budget (${this.limits.timeBudgetMs} ms) used up`;
    return undefined;
  }

  /** robots.txt per origin, fetched once; a missing or unreadable file allows everything. */
  private async allowed(url: string, cache: Map<string, Robots>): Promise<boolean> {
    const origin = new URL(url).origin;
    let rules = cache.get(origin);
    if (!rules) {
      let body = '';
      try {
        const res = await this.fetcher.get(`${origin}/robots.txt`, 512 * 1024);
        if (res.status >= 200 && res.status < 300) body = res.body.toString('utf8');
      } catch (e) {
        if (e instanceof PrivateAddressError) throw e;
      }
      rules = robotsParser(`${origin}/robots.txt`, body);
      cache.set(origin, rules);
    }
    return rules.isAllowed(url, this.agent) !== false;
  }

  private async read(page: FetchedResource): Promise<{ text: string; links: string[] }> {
    const type = page.contentType.split(';')[0]!.trim().toLowerCase();
    if (type === 'application/pdf') {
      const pages = await this.extraction.document(page.url, 'pdf', page.body);
      return { text: pages.map((p) => p.text).join('\n\n'), links: [] };
    }
    const text = decode(page.body, charsetOf(page.contentType, page.body));
    if (type === 'text/html' || type === 'application/xhtml+xml' || (type === '' && /^\s*</.test(text))) {
      const html = await this.extraction.html(text, page.url);
      return {
        text: html.title && html.text ? `# ${html.title}\n\n${html.text}` : html.text,
        links: html.links,
      };
    }
    if (type.startsWith('text/')) return { text, links: [] };
    return { text: '', links: [] };
  }
}

function toIngestError(url: string, e: unknown): Error {
  if (e instanceof IngestError) return e;
  if (e instanceof PrivateAddressError) return new IngestError(e.message, { cause: e });
  if (e instanceof FetchError) return new IngestError(`Could not crawl ${url}: ${e.message}.`, { cause: e });
  return e as Error;
}
