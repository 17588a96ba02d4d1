import { describe, expect, it } from 'vitest';
import { SentenceSplitter, speakable } from './sentence-splitter.ts';

/** Feed text in small chunks, as an LLM streams it; collect every sentence including the flushed rest. */
function split(text: string, chunk = 3, firstClause = false): string[] {
  const s = new SentenceSplitter({ firstClause });
  const out: string[] = [];
  for (let i = 0; i < text.length; i += chunk) out.push(...s.push(text.slice(i, i + chunk)));
  const rest = s.flush();
  if (rest) out.push(rest);
  return out;
}

describe('SentenceSplitter', () => {
  it('emits each sentence as soon as it is complete', () => {
    const s = new SentenceSplitter();
    expect(s.push('Sure! I can ')).toEqual(['Sure!']);
    expect(s.push('help with that. What')).toEqual(['I can help with that.']);
    expect(s.push(' time works')).toEqual([]);
    expect(s.push('?')).toEqual(['What time works?']);
    expect(s.flush()).toBeUndefined();
  });

  it('ends a sentence at a full stop that ends the chunk, unless it may continue', () => {
    const s = new SentenceSplitter();
    expect(s.push('Sure, I can')).toEqual([]);
    expect(s.push(' help with that.')).toEqual(['Sure, I can help with that.']);
    expect(s.push(' It costs 3.')).toEqual([]);
    expect(s.push('50 with Dr.')).toEqual([]);
    expect(s.push(' Smith.')).toEqual(['It costs 3.50 with Dr. Smith.']);
    // The closing quote or the rest of an ellipsis that arrives next is not spoken on its own.
    expect(s.push('"')).toEqual([]);
    expect(s.push(' Well.')).toEqual(['Well.']);
    expect(s.push('.. ok')).toEqual([]);
    expect(s.flush()).toBe('ok');
  });

  it('does not split at abbreviations, initials, decimals or times', () => {
    expect(
      split('Dr. Smith sees you at 3.30 p.m. on Friday. J. R. R. Tolkien wrote it. e.g. this one. Done.'),
    ).toEqual([
      'Dr. Smith sees you at 3.30 p.m. on Friday.',
      'J. R. R. Tolkien wrote it.',
      'e.g. this one.',
      'Done.',
    ]);
  });

  it('keeps closing quotes with their sentence and splits on newlines', () => {
    expect(split('He said "yes." Then left.\nNext line')).toEqual([
      'He said "yes."',
      'Then left.',
      'Next line',
    ]);
  });

  it('cuts very long text at a clause break', () => {
    const long = `${'word '.repeat(30)}and then, ${'more '.repeat(30)}`;
    const parts = split(long, 7);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0]!.endsWith('then,')).toBe(true);
    expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(long.trim());
  });
});

describe('speakable', () => {
  it('removes markdown that should not be read aloud', () => {
    expect(speakable('**Great** news: see [our site](https://x.y) or `code` ## now')).toBe(
      'Great news: see our site or code now',
    );
  });
});

describe('SentenceSplitter with firstClause', () => {
  it("ends a reply's first segment at its first clause break, then splits by sentence", () => {
    const s = new SentenceSplitter({ firstClause: true });
    expect(s.push('Sure, I can')).toEqual(['Sure,']);
    expect(s.push(' help, with')).toEqual([]);
    expect(s.push(' that. Okay')).toEqual(['I can help, with that.']);
    expect(s.flush()).toBe('Okay');
  });

  it('cuts at a clause break that ends the streamed text so far', () => {
    const s = new SentenceSplitter({ firstClause: true });
    expect(s.push('Well')).toEqual([]);
    expect(s.push(';')).toEqual(['Well;']);
    expect(s.push(' yes. No')).toEqual(['yes.']);
  });

  it('handles dashes, quotes and a sentence that ends first', () => {
    expect(split('Right — let me check. Done, ok.', 4, true)).toEqual([
      'Right —',
      'let me check.',
      'Done, ok.',
    ]);
    expect(split('"Great," she said.', 2, true)).toEqual(['"Great,"', 'she said.']);
    expect(split('"Great," she said.', 7, true)).toEqual(['"Great,', 'she said.']);
    const s = new SentenceSplitter({ firstClause: true });
    expect(s.push('Yes. So, then')).toEqual(['Yes.']);
    expect(s.flush()).toBe('So, then');
  });

  it('does not cut numbers, times or abbreviations that may continue', () => {
    const s = new SentenceSplitter({ firstClause: true });
    expect(s.push('It is 1,')).toEqual([]);
    expect(s.push('000 at 10:')).toEqual([]);
    expect(s.push('30 today.')).toEqual(['It is 1,000 at 10:30 today.']);
    const d = new SentenceSplitter({ firstClause: true });
    expect(d.push('Dr. Smith, I')).toEqual([]);
    expect(d.push(' think.')).toEqual(['Dr. Smith, I think.']);
  });

  it('cuts after a digit followed by whitespace', () => {
    const s = new SentenceSplitter({ firstClause: true });
    expect(s.push('Room 12, on the left.')).toEqual(['Room 12,', 'on the left.']);
  });
});
