import { describe, expect, it } from 'vitest';
import { ingestFailure } from '../../../test/support/ingest-failure.ts';
import { corruptMiddle, makeDocx, makePdf, makeWorkbook } from '../../../test/support/kb-documents.ts';
import { documentSections } from './document-text.ts';

const prices = {
  Plans: [
    ['Plan', 'Monthly price', 'Seats'],
    ['Basic', '10 EUR', 1],
    ['Pro', '25 EUR', 5],
  ],
  Notes: [['Annual billing saves two months.']],
};

describe('documentSections', () => {
  it('reads each PDF page as its own section', async () => {
    const pdf = await makePdf([
      ['Refunds are accepted within 30 days.'],
      ['Shipping to Canada takes 5 days.'],
    ]);
    expect(await documentSections('policy.pdf', 'pdf', pdf)).toEqual([
      { text: 'Refunds are accepted within 30 days.', locator: 'page 1' },
      { text: 'Shipping to Canada takes 5 days.', locator: 'page 2' },
    ]);
  });

  it('reads a DOCX into paragraphs', async () => {
    const docx = await makeDocx('Returns', [
      'Items may be returned within 30 days.',
      'Gift cards are final sale.',
    ]);
    const [s] = await documentSections('returns.docx', 'docx', docx);
    expect(s!.text).toBe('Returns\n\nItems may be returned within 30 days.\n\nGift cards are final sale.');
  });

  for (const bookType of ['xlsx', 'xls'] as const) {
    it(`reads every sheet of an ${bookType.toUpperCase()} as header: value records`, async () => {
      const sections = await documentSections(`prices.${bookType}`, bookType, makeWorkbook(prices, bookType));
      expect(sections).toEqual([
        {
          text: 'Plan | Monthly price | Seats\nPlan: Basic; Monthly price: 10 EUR; Seats: 1\nPlan: Pro; Monthly price: 25 EUR; Seats: 5',
          locator: 'sheet Plans',
        },
        { text: 'Annual billing saves two months.', locator: 'sheet Notes' },
      ]);
    });
  }

  it('accepts an .xls that is really XLSX inside (common export)', async () => {
    const sections = await documentSections('export.xls', 'xls', makeWorkbook(prices, 'xlsx'));
    expect(sections[0]!.text).toContain('Plan: Pro');
  });

  it('decodes UTF-8, Windows-1252 and UTF-16 text and keeps markdown as written', async () => {
    expect(
      await documentSections('a.txt', 'txt', Buffer.from('Café opens at 8.\r\nClosed Sundays.')),
    ).toEqual([{ text: 'Café opens at 8.\nClosed Sundays.', locator: null }]);
    expect((await documentSections('b.txt', 'txt', Buffer.from('Caf\xe9', 'latin1')))[0]!.text).toBe('Café');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Grüße', 'utf16le')]);
    expect((await documentSections('c.txt', 'txt', utf16))[0]!.text).toBe('Grüße');
    expect((await documentSections('d.md', 'md', Buffer.from('# Title\n\n- item')))[0]!.text).toBe(
      '# Title\n\n- item',
    );
  });

  it('fails a mislabelled file with what it really is', async () => {
    const pdf = await makePdf([['x']]);
    const docx = await makeDocx('x', ['y']);
    const cases: [string, Parameters<typeof documentSections>[1], Uint8Array, RegExp][] = [
      [
        'notes.pdf',
        'pdf',
        Buffer.from('just some text, not a pdf'),
        /named \.pdf but its content is plain text/,
      ],
      ['report.docx', 'docx', pdf, /named \.docx but its content is a PDF/],
      ['sheet.xlsx', 'xlsx', docx, /named \.xlsx but its content is a Word document/],
      ['old.xls', 'xls', Buffer.from('a,b\n1,2'), /named \.xls but its content is plain text/],
      [
        'image.txt',
        'txt',
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
        /binary data/,
      ],
    ];
    for (const [name, kind, bytes, message] of cases) {
      const e = await ingestFailure(documentSections(name, kind, bytes));
      expect(e.message).toMatch(message);
      expect(e.message).toContain(name);
    }
  });

  it('fails corrupt files with a clear reason', async () => {
    const pdf = await ingestFailure(
      documentSections('bad.pdf', 'pdf', Buffer.from('%PDF-1.7\n1 0 obj garbage')),
    );
    expect(pdf.message).toMatch(/^The PDF is corrupt or unreadable/);
    const docx = await ingestFailure(
      documentSections('bad.docx', 'docx', corruptMiddle(await makeDocx('T', ['p'.repeat(4000)]))),
    );
    expect(docx.message).toMatch(/^The Word document is corrupt or unreadable/);
    const xlsx = await ingestFailure(
      documentSections('bad.xlsx', 'xlsx', corruptMiddle(makeWorkbook(prices, 'xlsx'))),
    );
    expect(xlsx.message).toMatch(/^The spreadsheet is corrupt or unreadable/);
  });

  it('fails a PDF without a text layer, and an empty text file', async () => {
    const scanned = await ingestFailure(documentSections('scan.pdf', 'pdf', await makePdf([[]])));
    expect(scanned.message).toMatch(/No text could be extracted from 'scan.pdf'.*OCR/);
    const blank = await ingestFailure(documentSections('blank.txt', 'txt', Buffer.from('  \n ')));
    expect(blank.message).toMatch(/it is empty/);
  });
});
