import * as XLSX from '@e965/xlsx';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Harness } from './harness.ts';

/** Real sample documents for knowledge-base tests, written with the libraries Parley reads them back with (or their writers). */

/** A PDF with one text page per entry (each page's lines drawn top-down). */
export async function makePdf(pages: string[][]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = doc.addPage([612, 792]);
    lines.forEach((line, i) => {
      page.drawText(line, { x: 50, y: 740 - i * 16, size: 11, font });
    });
  }
  return doc.save();
}

/** A DOCX with a heading and paragraphs. */
export async function makeDocx(heading: string, paragraphs: string[]): Promise<Uint8Array> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: heading, heading: HeadingLevel.HEADING_1 }),
          ...paragraphs.map((p) => new Paragraph({ text: p })),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** A workbook with one sheet per entry, in XLSX or legacy XLS (BIFF8). */
export function makeWorkbook(
  sheets: Record<string, (string | number)[][]>,
  bookType: 'xlsx' | 'xls',
): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets))
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), name);
  return new Uint8Array(
    XLSX.write(wb, { type: 'buffer', bookType: bookType === 'xls' ? 'biff8' : 'xlsx' }) as Buffer,
  );
}

/** Overwrite the middle third of a file with junk, keeping its header and container directory. */
export function corruptMiddle(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes);
  const from = Math.floor(out.length / 3);
  for (let i = from; i < from * 2; i++) out[i] = (i * 7919) & 0xff;
  return out;
}

/**
 * Start the harness's text-extraction worker before the tests: its first start loads every parser
 * (seconds on a busy machine), which belongs in the hook's time, not in one test's.
 */
export async function warmExtraction(h: Harness): Promise<void> {
  await h.core.knowledge.extraction.document('warm.pdf', 'pdf', await makePdf([['warm']]));
}
