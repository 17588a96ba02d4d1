import mammoth from 'mammoth';
import type { TextSection } from '../../domain/knowledge-base/chunking.ts';
import { IngestError } from '../../domain/knowledge-base/ingest-error.ts';

/** Raw text of a Word document (mammoth); paragraphs separated by blank lines. */
export async function docxSections(bytes: Uint8Array): Promise<TextSection[]> {
  try {
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    return [{ text: value, locator: null }];
  } catch (e) {
    throw new IngestError(`The Word document is corrupt or unreadable (${(e as Error).message}).`, {
      cause: e,
    });
  }
}
