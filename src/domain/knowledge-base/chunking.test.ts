import { describe, expect, it } from 'vitest';
import { cl100kTokenizer as tk } from '../../lib/tokenizer.ts';
import { chunkSections } from './chunking.ts';

const sentence = (i: number) => `Fact number ${i} says the warehouse ${i % 7} ships on weekday ${i % 5}.`;

describe('chunkSections', () => {
  it('keeps a short text in one chunk with its locator and true token count', () => {
    const chunks = chunkSections([{ text: 'Hello there.\n\nSecond paragraph.', locator: 'page 1' }], {
      chunkSize: 64,
      tokenizer: tk,
    });
    expect(chunks).toEqual([
      {
        ordinal: 0,
        content: 'Hello there.\n\nSecond paragraph.',
        tokenCount: tk.count('Hello there.\n\nSecond paragraph.'),
        locator: 'page 1',
      },
    ]);
  });

  it('never exceeds chunk_size, covers every sentence in order, and overlaps neighbours', () => {
    const text = Array.from({ length: 200 }, (_, i) => sentence(i)).join(' ');
    for (const chunkSize of [64, 128, 512]) {
      const chunks = chunkSections([{ text, locator: null }], { chunkSize, tokenizer: tk });
      expect(chunks.length).toBeGreaterThan(1);
      for (const c of chunks) {
        expect(c.tokenCount).toBeLessThanOrEqual(chunkSize);
        expect(c.tokenCount).toBe(tk.count(c.content));
      }
      for (let i = 0; i < 200; i++) expect(chunks.some((c) => c.content.includes(sentence(i)))).toBe(true);
      // Overlap repeats whole sentences, so it shows once the overlap (chunk/8) holds one.
      for (let i = 1; chunkSize >= 256 && i < chunks.length; i++) {
        const firstSentence = chunks[i]!.content.split(/(?<=\.)\s/)[0]!;
        expect(chunks[i - 1]!.content).toContain(firstSentence);
      }
      expect(chunks.map((c) => c.ordinal)).toEqual(chunks.map((_, i) => i));
    }
  });

  it('breaks spreadsheet-like lines without sentence ends and splits one huge word run by tokens', () => {
    const rows = Array.from({ length: 120 }, (_, i) => `Row ${i}\tWidget ${i}\t${i * 3} EUR`).join('\n');
    const blob = 'x'.repeat(5000);
    const chunks = chunkSections(
      [
        { text: rows, locator: 'Prices' },
        { text: blob, locator: 'Blob' },
      ],
      { chunkSize: 64, tokenizer: tk },
    );
    for (const c of chunks) expect(c.tokenCount).toBeLessThanOrEqual(64);
    expect(
      chunks
        .filter((c) => c.locator === 'Prices')
        .map((c) => c.content)
        .join('\n'),
    ).toContain('Row 119\tWidget 119');
    expect(
      chunks
        .filter((c) => c.locator === 'Blob')
        .map((c) => c.content)
        .join('')
        .replace(/\s/g, ''),
    ).toBe(blob);
  });

  it('returns nothing for blank text', () => {
    expect(chunkSections([{ text: ' \n\n ', locator: null }], { chunkSize: 64, tokenizer: tk })).toEqual([]);
  });
});
