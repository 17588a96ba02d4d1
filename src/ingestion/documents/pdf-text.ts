import { extractText, getDocumentProxy } from 'unpdf';
import type { TextSection } from '../../domain/knowledge-base/chunking.ts';
import { IngestError } from '../../domain/knowledge-base/ingest-error.ts';

/** Text of each PDF page (pdf.js via unpdf), one section per page. */
export async function pdfSections(bytes: Uint8Array): Promise<TextSection[]> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // A copy: pdf.js may take ownership of the buffer it is given.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false });
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'PasswordException')
      throw new IngestError('The PDF is password-protected; upload an unprotected copy.', { cause: e });
    throw new IngestError(`The PDF is corrupt or unreadable (${(e as Error).message}).`, { cause: e });
  }
  try {
    const { text } = await extractText(pdf, { mergePages: false });
    return text.map((t, i) => ({ text: t, locator: `page ${i + 1}` }));
  } catch (e) {
    throw new IngestError(`The PDF's text could not be read (${(e as Error).message}).`, { cause: e });
  } finally {
    await pdf.destroy().catch(() => undefined);
  }
}
