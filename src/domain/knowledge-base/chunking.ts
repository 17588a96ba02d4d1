import type { Tokenizer } from '../../lib/tokenizer.ts';

/** A run of extracted text and where it came from (page URL, `page 3`, sheet name). */
export interface TextSection {
  text: string;
  locator: string | null;
}

/** One indexed passage. */
export interface Chunk {
  ordinal: number;
  content: string;
  tokenCount: number;
  locator: string | null;
}

interface Piece {
  text: string;
  tokens: number;
  /** Separator placed before the next piece: paragraph, line or sentence boundary. */
  sep: string;
}

/** Overlap between neighbouring chunks: an eighth of the chunk, so a fact cut at a boundary still appears whole once. */
export function defaultOverlap(chunkSize: number): number {
  return Math.floor(chunkSize / 8);
}

/**
 * Split sections into chunks of at most `chunkSize` tokens, breaking at paragraphs, then lines,
 * then sentences, then raw token windows, and repeating up to `overlap` tokens of trailing pieces
 * at the start of the next chunk. Chunks never span sections, so each keeps one locator.
 */
export function chunkSections(
  sections: TextSection[],
  opts: { chunkSize: number; overlap?: number; tokenizer: Tokenizer },
): Chunk[] {
  const { chunkSize, tokenizer } = opts;
  const overlap = Math.min(opts.overlap ?? defaultOverlap(chunkSize), Math.floor(chunkSize / 2));
  const out: Chunk[] = [];
  for (const section of sections) {
    const pieces = splitPieces(section.text, chunkSize, tokenizer);
    for (const content of pack(pieces, chunkSize, overlap, tokenizer))
      out.push({
        ordinal: out.length,
        content,
        tokenCount: tokenizer.count(content),
        locator: section.locator,
      });
  }
  return out;
}

function splitPieces(text: string, max: number, tk: Tokenizer): Piece[] {
  const pieces: Piece[] = [];
  const levels: [RegExp, string][] = [
    [/\n\s*\n/, '\n\n'],
    [/\n/, '\n'],
    [/(?<=[.!?;:])\s+/, ' '],
  ];
  const visit = (part: string, level: number) => {
    const trimmed = part.trim();
    if (!trimmed) return;
    const tokens = tk.count(trimmed);
    if (tokens <= max) {
      pieces.push({ text: trimmed, tokens, sep: levels[Math.max(0, level - 1)]![1] });
      return;
    }
    if (level < levels.length) {
      for (const sub of trimmed.split(levels[level]![0])) visit(sub, level + 1);
      return;
    }
    // One unbreakable run longer than a chunk: cut it into token windows with a little headroom.
    const ids = tk.encode(trimmed);
    const step = Math.max(1, max - 8);
    for (let i = 0; i < ids.length; i += step) {
      const window = tk.decode(ids.slice(i, i + step)).trim();
      if (window) pieces.push({ text: window, tokens: tk.count(window), sep: ' ' });
    }
  };
  visit(text, 0);
  return pieces;
}

function join(pieces: Piece[]): string {
  return pieces.map((p, i) => (i === 0 ? p.text : `${pieces[i - 1]!.sep}${p.text}`)).join('');
}

function pack(pieces: Piece[], max: number, overlap: number, tk: Tokenizer): string[] {
  const chunks: string[] = [];
  const queue = [...pieces];
  let current: Piece[] = [];
  let fresh = 0; // trailing pieces of `current` not yet emitted (the rest is overlap)
  let estimate = 0; // tokens of `current` plus one per separator
  const emit = () => {
    let text = join(current);
    // BPE merges across joins make the estimate approximate: give back fresh pieces, then overlap, until it fits.
    while (tk.count(text) > max) {
      if (fresh > 1) {
        queue.unshift(current.pop()!);
        fresh--;
      } else if (current.length > fresh) current.shift();
      else break;
      text = join(current);
    }
    chunks.push(text);
    const tail: Piece[] = [];
    let tailTokens = 0;
    for (let i = current.length - 1; i > 0; i--) {
      if (tailTokens + current[i]!.tokens + 1 > overlap) break;
      tail.unshift(current[i]!);
      tailTokens += current[i]!.tokens + 1;
    }
    current = tail;
    estimate = tailTokens;
    fresh = 0;
  };
  while (queue.length > 0) {
    const p = queue.shift()!;
    if (fresh > 0 && estimate + p.tokens + 1 > max) {
      queue.unshift(p);
      emit();
      continue;
    }
    // Overlap plus this piece too big: shed overlap from the front.
    while (current.length > 0 && estimate + p.tokens + 1 > max) estimate -= current.shift()!.tokens + 1;
    if (current.length === 0) estimate = 0;
    estimate += p.tokens + (current.length > 0 ? 1 : 0);
    current.push(p);
    fresh++;
  }
  if (fresh > 0) emit();
  return chunks;
}
