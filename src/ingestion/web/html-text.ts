import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

export interface HtmlPage {
  title: string;
  text: string;
  /** Absolute http(s) links without fragments, in document order. */
  links: string[];
}

const blockTags = new Set(
  'address article aside blockquote dd details div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody thead tfoot tr ul'.split(
    ' ',
  ),
);
const skipTags = new Set('script style noscript template svg canvas iframe object embed head'.split(' '));
const chromeTags = 'nav, header, footer, aside, form, [role=navigation], [aria-hidden=true]';

type DomNode = {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
};

/** Visible text with line breaks at block boundaries (textContent would glue headings to paragraphs). */
function blockText(root: DomNode): string {
  let out = '';
  const walk = (node: DomNode) => {
    if (node.nodeType === 3) {
      out += (node.textContent ?? '').replace(/\s+/g, ' ');
      return;
    }
    if (node.nodeType !== 1) return;
    const tag = node.nodeName.toLowerCase();
    if (skipTags.has(tag)) return;
    if (tag === 'br') {
      out += '\n';
      return;
    }
    const block = blockTags.has(tag);
    if (block) out += '\n';
    if (tag === 'li') out += '- ';
    if (tag === 'td' || tag === 'th') out += ' | ';
    for (const child of Array.from(node.childNodes)) walk(child);
    if (block) out += '\n';
  };
  walk(root);
  return out
    .split('\n')
    .map((l) => l.replace(/^\s*\|\s*/, '').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Readable text (Readability, falling back to the page body without navigation), title and links of an HTML page. */
export function readHtml(html: string, pageUrl: string): HtmlPage {
  const { document } = parseHTML(html);
  const robots = (
    document.querySelector('meta[name="robots" i]')?.getAttribute('content') ?? ''
  ).toLowerCase();
  const base = document.querySelector('base[href]')?.getAttribute('href');
  let baseUrl = pageUrl;
  try {
    if (base) baseUrl = new URL(base, pageUrl).href;
  } catch {
    // A broken <base> is ignored, as browsers do.
  }
  const links: string[] = [];
  if (!robots.includes('nofollow'))
    for (const a of Array.from(document.querySelectorAll('a[href]'))) {
      try {
        const u = new URL(a.getAttribute('href') ?? '', baseUrl);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') continue;
        u.hash = '';
        links.push(u.href);
      } catch {
        // Unparseable href: not a link we can follow.
      }
    }
  const title = (document.querySelector('title')?.textContent ?? '').replace(/\s+/g, ' ').trim();
  if (robots.includes('noindex')) return { title, text: '', links };

  const body = document.body as unknown as
    | (DomNode & { querySelectorAll(s: string): ArrayLike<{ remove(): void }> })
    | null;
  const article = new Readability(parseHTML(html).document as unknown as Document, {
    keepClasses: false,
  }).parse();
  const readable = article?.content
    ? blockText(parseHTML(`<html><body>${article.content}</body></html>`).document.body as unknown as DomNode)
    : '';
  let text = readable;
  if (readable.length < 200 && body) {
    for (const el of Array.from(body.querySelectorAll(chromeTags))) el.remove();
    const full = blockText(body);
    if (full.length > readable.length) text = full;
  }
  return { title: title || article?.title?.trim() || '', text, links };
}
