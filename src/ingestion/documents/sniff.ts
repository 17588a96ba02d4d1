/** What a file's bytes are, whatever its name says. */
export type ContentKind = 'pdf' | 'docx' | 'xlsx' | 'xls' | 'zip' | 'ole2' | 'text' | 'binary';

const describe: Record<ContentKind, string> = {
  pdf: 'a PDF',
  docx: 'a Word document (DOCX)',
  xlsx: 'an Excel workbook (XLSX)',
  xls: 'a legacy Excel workbook (XLS)',
  zip: 'a ZIP archive',
  ole2: 'a legacy Office file that is not a workbook',
  text: 'plain text',
  binary: 'binary data of an unknown type',
};

/** Human words for a content kind, for error messages. */
export function describeKind(kind: ContentKind): string {
  return describe[kind];
}

const ole2Magic = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Identify content from magic bytes and container entries (ZIP part names, OLE2 stream names). */
export function sniffContent(bytes: Uint8Array): ContentKind {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.subarray(0, 1024).includes('%PDF-')) return 'pdf';
  if (buf.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) {
    if (buf.includes('word/document.xml')) return 'docx';
    if (buf.includes('xl/workbook.xml') || buf.includes('xl/workbook.bin')) return 'xlsx';
    return 'zip';
  }
  if (buf.subarray(0, 8).equals(ole2Magic)) {
    const workbook =
      buf.includes(Buffer.from('Workbook', 'utf16le')) || buf.includes(Buffer.from('Book\0', 'utf16le'));
    return workbook ? 'xls' : 'ole2';
  }
  return looksLikeText(buf) ? 'text' : 'binary';
}

/** No NUL bytes and few control characters in the first 8 KiB (UTF-16 text must carry a BOM). */
function looksLikeText(buf: Buffer): boolean {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)))
    return true;
  const head = buf.subarray(0, 8192);
  let control = 0;
  for (const b of head) {
    if (b === 0) return false;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return control <= head.length * 0.02;
}

/** Decode text bytes: BOM-marked UTF-16, else UTF-8, else Windows-1252. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
