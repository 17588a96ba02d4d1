import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { form, maxSourceFile, newKb, textFile } from '../../../test/support/kb-sources.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

describe('POST /v1/knowledge-bases/{kb_id}/sources', () => {
  it('422 UNSUPPORTED_FILE_TYPE for an extension outside pdf, docx, xlsx, xls, txt, md', async () => {
    const kb = await newKb(h);
    for (const name of ['setup.exe', 'notes', 'slides.pptx']) {
      const r = await h.json('POST', `/v1/knowledge-bases/${kb.id}/sources`, {
        body: form({ file: textFile(name) }),
      });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('UNSUPPORTED_FILE_TYPE');
      expect(r.body.detail[0].loc).toEqual(['body', 'file']);
      expect(r.body.error.message).toContain('pdf, docx, xlsx, xls, txt, md');
    }
  });

  const badForms: [string, () => Record<string, string | File>, string[]][] = [
    ['no fields', () => ({}), ['body', 'type']],
    ['file with type=url', () => ({ file: textFile('a.txt'), type: 'url' }), ['body', 'type']],
    ['file with source', () => ({ file: textFile('a.txt'), source: 'x' }), ['body', 'source']],
    ['type=pdf without a file', () => ({ type: 'pdf', source: 'x' }), ['body', 'type']],
    ['type=url without source', () => ({ type: 'url' }), ['body', 'source']],
    ['file sent as a plain field', () => ({ file: 'not a file' }), ['body', 'file']],
    ['an invalid URL', () => ({ type: 'url', source: 'not a url' }), ['body', 'source']],
    ['an ftp URL', () => ({ type: 'url', source: 'ftp://example.com/x' }), ['body', 'source']],
    [
      'a URL with credentials',
      () => ({ type: 'url', source: 'https://u:p@example.com/' }),
      ['body', 'source'],
    ],
    ['blank text', () => ({ type: 'text', source: '   ' }), ['body', 'source']],
    ['an empty file', () => ({ file: new File([], 'empty.txt') }), ['body', 'file']],
  ];
  for (const [label, fields, loc] of badForms) {
    it(`422 for ${label}`, async () => {
      const kb = await newKb(h);
      const r = await h.json('POST', `/v1/knowledge-bases/${kb.id}/sources`, { body: form(fields()) });
      expect(r.status).toBe(422);
      expect(r.body.detail.map((d: { loc: unknown }) => d.loc)).toContainEqual(loc);
    });
  }

  it('422 for a malformed multipart body or an unsupported content type', async () => {
    const kb = await newKb(h);
    const bad = await h.json('POST', `/v1/knowledge-bases/${kb.id}/sources`, {
      body: '--xyz\r\nContent-Disposition: form-data; name="type"\r\n\r\nurl',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.detail[0].loc).toEqual(['body']);
    for (const body of ['"hello"', '[1]']) {
      const plain = await h.json('POST', `/v1/knowledge-bases/${kb.id}/sources`, {
        body,
        headers: { 'content-type': 'text/plain' },
      });
      expect(plain.status).toBe(422);
      expect(plain.body.error.message).toContain('multipart/form-data');
    }
    const none = await h.json('POST', `/v1/knowledge-bases/${kb.id}/sources`);
    expect(none.status).toBe(422);
  });

  it('413 PAYLOAD_TOO_LARGE for a file over 50 MiB, and nothing is stored', { timeout: 60_000 }, async () => {
    const kb = await newKb(h);
    const big = new File([new Uint8Array(maxSourceFile + 1)], 'big.pdf');
    const r = await h.json('POST', `/v1/knowledge-bases/${kb.id}/sources`, { body: form({ file: big }) });
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({
      error: {
        code: 'PAYLOAD_TOO_LARGE',
        details: { limit_bytes: maxSourceFile },
        request_id: expect.stringMatching(/^req_/),
      },
    });
    expect(r.body.detail).toBe(r.body.error.message);
    expect((await h.json('GET', `/v1/knowledge-bases/${kb.id}/sources`)).body).toEqual([]);
  });

  it('413 when the declared body length is over the upload limit', async () => {
    const kb = await newKb(h);
    const r = await h.json('POST', `/v1/knowledge-bases/${kb.id}/sources`, {
      body: form({ type: 'text', source: 'x' }),
      headers: { 'content-length': String(maxSourceFile * 2) },
    });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
