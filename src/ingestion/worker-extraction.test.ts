import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFailure } from '../../test/support/ingest-failure.ts';
import { makePdf } from '../../test/support/kb-documents.ts';
import { WorkerExtraction } from './worker-extraction.ts';

const extraction = new WorkerExtraction();
beforeAll(async () => {
  // The first task starts the worker and loads every parser: hook time, not test time.
  await extraction.chunk([{ text: 'warm', locator: null }], 64);
});
afterAll(async () => {
  await extraction.close();
});

describe('WorkerExtraction', () => {
  it('parses a document on the worker and leaves the caller’s bytes intact', async () => {
    const pdf = await makePdf([['Page one text.'], ['Page two text.']]);
    const length = pdf.byteLength;
    expect(await extraction.document('a.pdf', 'pdf', pdf)).toEqual([
      { text: 'Page one text.', locator: 'page 1' },
      { text: 'Page two text.', locator: 'page 2' },
    ]);
    expect(pdf.byteLength).toBe(length);
  });

  it('returns IngestErrors as IngestErrors, and keeps working after one', async () => {
    const e = await ingestFailure(extraction.document('fake.pdf', 'pdf', Buffer.from('plain words')));
    expect(e.message).toMatch(/named \.pdf but its content is plain text/);
    expect(await extraction.document('ok.txt', 'txt', Buffer.from('fine'))).toEqual([
      { text: 'fine', locator: null },
    ]);
  });

  it('answers concurrent tasks with their own results (html and chunking)', async () => {
    const [page, chunked] = await Promise.all([
      extraction.html('<title>T</title><p>Hello <a href="/x#y">x</a></p>', 'http://site.test/a'),
      extraction.chunk([{ text: 'One two three.', locator: null }], 64),
    ]);
    expect(page).toMatchObject({ title: 'T', links: ['http://site.test/x'] });
    expect(chunked).toEqual({
      chunks: [{ ordinal: 0, content: 'One two three.', tokenCount: 4, locator: null }],
      tokens: 4,
    });
  });

  it('starts a new worker after close()', { timeout: 30_000 }, async () => {
    await extraction.close();
    expect((await extraction.chunk([{ text: 'again', locator: null }], 64)).tokens).toBe(1);
  });
});
