import * as XLSX from '@e965/xlsx';
import type { TextSection } from '../../domain/knowledge-base/chunking.ts';
import { IngestError } from '../../domain/knowledge-base/ingest-error.ts';

type Cell = string | number | boolean | null;

/** A first row of labels (text, not numbers) makes the sheet read as records. */
function isHeader(row: Cell[]): boolean {
  const filled = row.filter((c) => c !== null && String(c).trim() !== '');
  return (
    filled.length >= 2 && filled.every((c) => typeof c === 'string' && !/^[-+]?\d[\d.,]*$/.test(c.trim()))
  );
}

/** One line per row: `Header: value; …` when the sheet has a header row, else cells joined by ` | `. */
function sheetText(rows: Cell[][]): string {
  const data = rows.filter((r) => r.some((c) => c !== null && String(c).trim() !== ''));
  if (data.length === 0) return '';
  const header = isHeader(data[0]!) ? data[0]!.map((c) => (c === null ? '' : String(c).trim())) : undefined;
  const lines = header ? [header.filter(Boolean).join(' | ')] : [];
  for (const row of header ? data.slice(1) : data) {
    const cells = row.map((c, i) => ({
      label: header?.[i] ?? '',
      value: c === null ? '' : String(c).trim(),
    }));
    const filled = cells.filter((c) => c.value !== '');
    lines.push(
      header
        ? filled.map((c) => (c.label ? `${c.label}: ${c.value}` : c.value)).join('; ')
        : filled.map((c) => c.value).join(' | '),
    );
  }
  return lines.join('\n');
}

/** Text of every sheet of an XLSX or legacy XLS workbook (SheetJS), one section per sheet. */
export function spreadsheetSections(bytes: Uint8Array): TextSection[] {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, {
      type: 'buffer',
      dense: true,
      cellFormula: false,
      cellHTML: false,
      cellStyles: false,
    });
  } catch (e) {
    throw new IngestError(`The spreadsheet is corrupt or unreadable (${(e as Error).message}).`, {
      cause: e,
    });
  }
  return wb.SheetNames.map((name) => {
    const rows = XLSX.utils.sheet_to_json<Cell[]>(wb.Sheets[name]!, {
      header: 1,
      raw: false,
      defval: null,
      blankrows: false,
    });
    return { text: sheetText(rows), locator: `sheet ${name}` };
  });
}
