import type { TextSection } from '../../domain/knowledge-base/chunking.ts';
import { IngestError } from '../../domain/knowledge-base/ingest-error.ts';
import type { FileKind } from '../../domain/knowledge-base/knowledge-base.ts';
import { docxSections } from './docx-text.ts';
import { pdfSections } from './pdf-text.ts';
import { type ContentKind, decodeText, describeKind, sniffContent } from './sniff.ts';
import { spreadsheetSections } from './spreadsheet-text.ts';

/** Content each extension may really hold; `.xls` exports are often XLSX inside, which SheetJS reads too. */
const accepted: Record<FileKind, ContentKind[]> = {
  pdf: ['pdf'],
  docx: ['docx'],
  xlsx: ['xlsx'],
  xls: ['xls', 'xlsx'],
  txt: ['text'],
  md: ['text'],
};

/**
 * Extract text from an uploaded file after checking that its bytes are what its extension says;
 * a mislabelled, corrupt or empty file is an IngestError with a reason the user can act on.
 */
export async function documentSections(
  fileName: string,
  kind: FileKind,
  bytes: Uint8Array,
): Promise<TextSection[]> {
  const actual = sniffContent(bytes);
  if (!accepted[kind].includes(actual))
    throw new IngestError(
      `The file '${fileName}' is named .${kind} but its content is ${describeKind(actual)}; upload a real .${kind} file or rename it to match its content.`,
    );
  let sections: TextSection[];
  switch (actual) {
    case 'pdf':
      sections = await pdfSections(bytes);
      break;
    case 'docx':
      sections = await docxSections(bytes);
      break;
    case 'xlsx':
    case 'xls':
      sections = spreadsheetSections(bytes);
      break;
    default:
      sections = [{ text: decodeText(bytes), locator: null }];
  }
  sections = sections
    .map((s) => ({ ...s, text: s.text.replace(/\r\n?/g, '\n').trim() }))
    .filter((s) => s.text !== '');
  if (sections.length === 0)
    throw new IngestError(
      kind === 'pdf'
        ? `No text could be extracted from '${fileName}' (a scanned PDF without a text layer needs OCR first).`
        : `No text could be extracted from '${fileName}'; it is empty.`,
    );
  return sections;
}
