/** Words too common to say what a question is about. */
const stopwords = new Set(
  (
    'a an the is are was were be been being do does did done you your yours i me my mine we our us ' +
    'what when where which who whom how why can could would should will shall may might must to of in on ' +
    'at for from with about and or but it its this that these those there here any have has had tell ' +
    'please know want like get got just hi hello hey ok okay so if not no yes some much many more most ' +
    'also than then them they their he she his her him as by up out into over let need give am im'
  ).split(' '),
);

/** Crude stemmer: enough for "opening"/"open", "hours"/"hour", "delivered"/"deliver". */
function stem(w: string): string {
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (w.length > 4 && w.endsWith('es')) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

/** Content keywords of a text, stemmed and deduplicated. */
export function keywords(text: string): Set<string> {
  const words =
    text
      .toLowerCase()
      .replace(/['’]/g, '')
      .match(/[a-z0-9]+/g) ?? [];
  return new Set(words.filter((w) => !stopwords.has(w) && w.length > 1).map(stem));
}

/**
 * Sentences of a passage text; markdown headings and bullets become their own lines, and search
 * results' numbered markers (`[2] (page 3) …`) are dropped.
 */
export function sentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?])\s+/)
    .map((s) => s.replace(/^\s*(?:[-*•]|\d+[.)]|\[\d+\](?:\s*\([^)\n]*\))?)\s+/, '').trim())
    .filter((s) => s !== '' && !s.startsWith('#'));
}

/**
 * The sentence(s) of `text` that share the most keywords with `question` (ties: both, up to two,
 * in text order); undefined when nothing overlaps.
 */
export function bestPassage(
  question: string,
  text: string,
  skip?: (sentence: string) => boolean,
): string | undefined {
  const q = keywords(question);
  if (q.size === 0) return undefined;
  const scored = sentences(text)
    .filter((s) => !skip?.(s))
    .map((s, i) => {
      const k = keywords(s);
      let score = 0;
      for (const w of q) if (k.has(w)) score++;
      return { s, i, score };
    })
    .filter((x) => x.score > 0);
  if (scored.length === 0) return undefined;
  const top = Math.max(...scored.map((x) => x.score));
  return scored
    .filter((x) => x.score === top)
    .slice(0, 2)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.s)
    .join(' ');
}
