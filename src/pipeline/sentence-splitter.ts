/** Words a full stop follows without ending the sentence ("Dr. Smith", "e.g. this"). */
const abbreviations = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'vs',
  'etc',
  'eg',
  'e.g',
  'ie',
  'i.e',
  'no',
  'approx',
  'a.m',
  'p.m',
  'inc',
  'ltd',
  'co',
  'mt',
  'ft',
]);

/** A break that ends a sentence: terminal punctuation (plus closing quotes/brackets) then whitespace, or a newline. */
const boundary = /([.!?…]+["'”’)\]]*)\s+|\n+/g;

/** Text longer than this without a sentence end is cut at a clause break so speech can start. */
const MAX_CHARS = 200;

/**
 * A clause break for a reply's first segment: `,` `;` `:` or a dash after a word, then whitespace
 * or the end of the text so far (after a digit only whitespace: "1,000", "10:30" may continue).
 */
const firstClause = /[\p{L}"'”’)\]](?:[,;:]|\s?[—–])["'”’)\]]*(?=\s|$)|\p{N}[,;:](?=\s)/u;

/**
 * Cuts streamed LLM text into sentences for TTS as soon as each one is complete, so the first
 * sentence can be spoken while the rest is still being generated. With `firstClause`, a reply's
 * first segment already ends at its first clause break ("Sure," of "Sure, I can help."), so the
 * voice starts before the LLM has written the whole first sentence.
 */
export class SentenceSplitter {
  private buf = '';
  private endedEarly = false;
  private started: boolean;

  constructor(opts: { firstClause?: boolean } = {}) {
    this.started = !opts.firstClause;
  }

  /** Add streamed text; returns the sentences it completed (trimmed, non-empty). */
  push(text: string): string[] {
    if (this.endedEarly) {
      // What would have closed the sentence we already spoke: a quote, a bracket, more dots.
      const rest = text.replace(/^[.!?…"'”’)\]]+/, '');
      this.endedEarly = rest === '';
      text = rest;
    }
    this.buf += text;
    const out: string[] = [];
    if (!this.started) this.cutFirstClause(out);
    let start = 0;
    boundary.lastIndex = 0;
    for (let m = boundary.exec(this.buf); m; m = boundary.exec(this.buf)) {
      const end = m.index + (m[1]?.length ?? 0);
      if (m[1]?.startsWith('.') && !isSentenceEnd(this.buf.slice(start, m.index))) continue;
      const sentence = this.buf.slice(start, end).trim();
      if (hasWords(sentence)) out.push(sentence);
      start = m.index + m[0].length;
    }
    this.buf = this.buf.slice(start);
    // LLMs stream the space after a full stop with the next token: don't wait for it.
    if (endsSentence(this.buf)) {
      out.push(this.buf.trim());
      this.buf = '';
      this.endedEarly = true;
    }
    if (this.buf.length > MAX_CHARS) {
      const cut = clauseBreak(this.buf);
      out.push(this.buf.slice(0, cut).trim());
      this.buf = this.buf.slice(cut);
    }
    if (out.length > 0) this.started = true;
    return out;
  }

  /** Emit the first segment at a clause break that comes before any sentence end. */
  private cutFirstClause(out: string[]): void {
    const clause = firstClause.exec(this.buf);
    if (!clause) return;
    boundary.lastIndex = 0;
    const sentence = boundary.exec(this.buf);
    if (sentence && sentence.index <= clause.index) return;
    const end = clause.index + clause[0].length;
    const head = this.buf.slice(0, end).trim();
    if (!hasWords(head)) return;
    out.push(head);
    this.buf = this.buf.slice(end);
    this.started = true;
    // A closing quote or bracket may still follow in the next chunk.
    this.endedEarly = this.buf === '';
  }

  /** The text left over at the end of the stream. */
  flush(): string | undefined {
    const rest = this.buf.trim();
    this.buf = '';
    this.endedEarly = false;
    this.started = true;
    return hasWords(rest) ? rest : undefined;
  }
}

/** Punctuation alone (a closing quote or the rest of an ellipsis cut off by the stream) is not spoken. */
function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/** Text ending in terminal punctuation that cannot continue the sentence (not "3." of "3.5", "Dr.", "J."). */
function endsSentence(text: string): boolean {
  const m = /([.!?…]+)["'”’)\]]*$/.exec(text);
  if (!m || !hasWords(text)) return false;
  if (!m[1]!.startsWith('.')) return true;
  const before = text.slice(0, m.index);
  return !/\d$/.test(before) && isSentenceEnd(before);
}

/** False when the word before a full stop is an abbreviation or an initial. */
function isSentenceEnd(before: string): boolean {
  const word = /(\S+)$/.exec(before)?.[1]?.toLowerCase() ?? '';
  const bare = word.replace(/^["'([]+/, '');
  if (abbreviations.has(bare)) return false;
  return !/^\p{L}$/u.test(bare);
}

function clauseBreak(text: string): number {
  const head = text.slice(0, MAX_CHARS);
  const clause = Math.max(head.lastIndexOf(', '), head.lastIndexOf('; '), head.lastIndexOf(': '));
  if (clause > MAX_CHARS / 2) return clause + 1;
  const space = head.lastIndexOf(' ');
  return space > 0 ? space : MAX_CHARS;
}

/** Drop markdown an LLM may emit that a voice must not read out (emphasis, headings, code ticks, links). */
export function speakable(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
