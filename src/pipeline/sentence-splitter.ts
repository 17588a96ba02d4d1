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
 * Cuts streamed LLM text into sentences for TTS as soon as each one is complete, so the first
 * sentence can be spoken while the rest is still being generated.
 */
export class SentenceSplitter {
  private buf = '';
  private endedEarly = false;

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
    return out;
  }

  /** The text left over at the end of the stream. */
  flush(): string | undefined {
    const rest = this.buf.trim();
    this.buf = '';
    this.endedEarly = false;
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
