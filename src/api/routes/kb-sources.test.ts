import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { runSecurityCases } from '../../../test/support/security.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

const maxFile = 50 * 1024 * 1024;

async function newKb(key?: string): Promise<{ id: string }> {
  const r = await h.json('POST', '/v1/knowledge-bases', { body: { name: 'Docs' }, ...(key ? { key } : {}) });
  expect(r.status).toBe(201);
  return r.body;
}

function form(fields: Record<string, string | File>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
}

const textFile = (name: string, text = 'Refunds are accepted within 30 days.') => new File([text], name);

async function addSource(kbId: string, fields: Record<string, string | File>, key?: string) {
  const r = await h.json('POST', `/v1/knowledge-bases/${kbId}/sources`, {
    body: form(fields),
    ...(key ? { key } : {}),
  });
  expect(r.status).toBe(202);
  return r.body;
}

describe('POST /v1/knowledge-bases/{kb_id}/sources', () => {
  it('202 text: a processing source, a queued job and the job in the queue', async () => {
    const kb = await newKb();
    const text = 'Our office is open Monday to Friday.';
    const r = await addSource(kb.id, { type: 'text', source: text });
    expect(r.knowledge_base_id).toBe(kb.id);
    expect(r.source).toMatchObject({
      knowledge_base_id: kb.id,
      type: 'text',
      source: text,
      status: 'processing',
      chunk_count: 0,
      token_count: 0,
      error_message: null,
      file_name: null,
      mime_type: 'text/plain',
      file_size: text.length,
    });
    expect(r.source.id).toMatch(/^kbs_/);
    expect(r.job).toEqual({
      id: expect.stringMatching(/^kbj_/),
      knowledge_base_id: kb.id,
      knowledge_base_source_id: r.source.id,
      type: 'ingest_source',
      status: 'queued',
      error_message: null,
      payload: { chunks: 0, tokens: 0, vector_indexed: false },
      started_at: null,
      completed_at: null,
      created_at: expect.stringMatching(/Z$/),
    });
    expect(r.message).toContain(`/v1/knowledge-bases/${kb.id}/jobs/${r.job.id}`);
    expect(h.queue.queued('kb.ingest-source').map((j) => j.data)).toContainEqual({
      orgId: h.orgId,
      jobId: r.job.id,
      sourceId: r.source.id,
    });
  });

  it('202 text with NUL characters, stored without them', async () => {
    const kb = await newKb();
    const r = await addSource(kb.id, { type: 'text', source: 'null\u0000byte' });
    expect(r.source.source).toBe('nullbyte');
  });

  it('202 url: stored without its fragment', async () => {
    const kb = await newKb();
    const r = await addSource(kb.id, { type: 'url', source: 'https://Docs.Example.com/help#top' });
    expect(r.source).toMatchObject({ type: 'url', source: 'https://docs.example.com/help', file_name: null });
  });

  it('202 file: name, MIME type and size recorded, bytes stored', async () => {
    const kb = await newKb();
    const r = await addSource(kb.id, { file: textFile('folder/Guide.MD', '# Guide\nHello') });
    expect(r.source).toMatchObject({
      type: 'file',
      source: 'Guide.MD',
      file_name: 'Guide.MD',
      mime_type: 'text/markdown',
      file_size: 13,
    });
    const stored = await h.store.db
      .selectFrom('kb_files')
      .select('content')
      .where('source_id', '=', r.source.id)
      .executeTakeFirstOrThrow();
    expect(Buffer.from(stored.content).toString()).toBe('# Guide\nHello');
  });

  it('202 accepts a JSON body for url and text sources', async () => {
    const kb = await newKb();
    const r = await h.json('POST', `/v1/knowledge-bases/${kb.id}/sources`, {
      body: { type: 'text', source: 'Plain JSON text' },
    });
    expect(r.status).toBe(202);
    expect(r.body.source.source).toBe('Plain JSON text');
  });

  it('202 re-adding the same URL refreshes that source with a new job', async () => {
    const kb = await newKb();
    const first = await addSource(kb.id, { type: 'url', source: 'https://example.com/faq' });
    await h.store.db
      .updateTable('kb_sources')
      .set({ status: 'failed', error_message: 'old' })
      .where('id', '=', first.source.id)
      .execute();
    const again = await addSource(kb.id, { type: 'url', source: 'https://example.com/faq#x' });
    expect(again.source.id).toBe(first.source.id);
    expect(again.source).toMatchObject({ status: 'processing', error_message: null });
    expect(again.job.id).not.toBe(first.job.id);
    const sources = await h.json('GET', `/v1/knowledge-bases/${kb.id}/sources`);
    expect(sources.body).toHaveLength(1);
  });

  it('422 UNSUPPORTED_FILE_TYPE for an extension outside pdf, docx, xlsx, xls, txt, md', async () => {
    const kb = await newKb();
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
      const kb = await newKb();
      const r = await h.json('POST', `/v1/knowledge-bases/${kb.id}/sources`, { body: form(fields()) });
      expect(r.status).toBe(422);
      expect(r.body.detail.map((d: { loc: unknown }) => d.loc)).toContainEqual(loc);
    });
  }

  it('422 for a malformed multipart body or an unsupported content type', async () => {
    const kb = await newKb();
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
    const kb = await newKb();
    const big = new File([new Uint8Array(maxFile + 1)], 'big.pdf');
    const r = await h.json('POST', `/v1/knowledge-bases/${kb.id}/sources`, { body: form({ file: big }) });
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({
      error: {
        code: 'PAYLOAD_TOO_LARGE',
        details: { limit_bytes: maxFile },
        request_id: expect.stringMatching(/^req_/),
      },
    });
    expect(r.body.detail).toBe(r.body.error.message);
    expect((await h.json('GET', `/v1/knowledge-bases/${kb.id}/sources`)).body).toEqual([]);
  });

  it('413 when the declared body length is over the upload limit', async () => {
    const kb = await newKb();
    const r = await h.json('POST', `/v1/knowledge-bases/${kb.id}/sources`, {
      body: form({ type: 'text', source: 'x' }),
      headers: { 'content-length': String(maxFile * 2) },
    });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('404 for an unknown knowledge base', async () => {
    const r = await h.json('POST', '/v1/knowledge-bases/kb_01jd8x2k3m4n5p6q7r8s9t0v1w/sources', {
      body: form({ type: 'text', source: 'x' }),
    });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('KNOWLEDGE_BASE_NOT_FOUND');
  });
});

describe('POST /v1/knowledge-bases/sources', () => {
  async function autoCreate(fields: Record<string, string | File>, key?: string) {
    const r = await h.json('POST', '/v1/knowledge-bases/sources', {
      body: form(fields),
      ...(key ? { key } : {}),
    });
    expect(r.status).toBe(202);
    const kb = await h.json('GET', `/v1/knowledge-bases/${r.body.knowledge_base_id}`, {
      ...(key ? { key } : {}),
    });
    expect(kb.status).toBe(200);
    expect(r.body.source.knowledge_base_id).toBe(kb.body.id);
    expect(r.body.job.knowledge_base_id).toBe(kb.body.id);
    expect(r.body.message).toMatch(/^Knowledge base auto-created\. Source accepted\./);
    return { r: r.body, kb: kb.body };
  }

  it('202 names the KB after the URL domain, with chunk_size 512', async () => {
    const { kb } = await autoCreate({ type: 'url', source: 'https://www.acme.example/pricing' });
    expect(kb).toMatchObject({ name: 'acme.example', chunk_size: 512, multilingual: false, source_count: 1 });
  });

  it('202 names the KB after the file name', async () => {
    const { kb, r } = await autoCreate({ file: textFile('Employee Handbook.txt') });
    expect(kb.name).toBe('Employee Handbook.txt');
    expect(r.source.file_name).toBe('Employee Handbook.txt');
  });

  it('202 names the KB after the first 60 characters of the text', async () => {
    const text = `Parley   support\nhandbook: ${'answers '.repeat(20)}`;
    const { kb } = await autoCreate({ type: 'text', source: text });
    expect(kb.name).toBe(text.replace(/\s+/g, ' ').slice(0, 60));
    expect(kb.name).toHaveLength(60);
  });

  it('202 uses `name` when given', async () => {
    const { kb } = await autoCreate({ type: 'text', source: 'x', name: 'Custom name' });
    expect(kb.name).toBe('Custom name');
  });

  it('422 for a bad source, and no KB is created', async () => {
    const ws = await h.newWorkspace();
    for (const fields of [{ type: 'url', source: 'nope' }, { file: textFile('x.exe') }, { type: 'text' }]) {
      const r = await h.json('POST', '/v1/knowledge-bases/sources', { body: form(fields), key: ws.key });
      expect(r.status).toBe(422);
    }
    expect((await h.json('GET', '/v1/knowledge-bases', { key: ws.key })).body.total).toBe(0);
  });
});

describe('GET /v1/knowledge-bases/{kb_id}/sources', () => {
  it('200 a bare array, newest first', async () => {
    const kb = await newKb();
    const a = await addSource(kb.id, { type: 'text', source: 'first' });
    const b = await addSource(kb.id, { file: textFile('b.txt') });
    const r = await h.json('GET', `/v1/knowledge-bases/${kb.id}/sources`);
    expect(r.status).toBe(200);
    expect(r.body.map((s: { id: string }) => s.id)).toEqual([b.source.id, a.source.id]);
    expect(r.body[0]).toEqual(b.source);
  });
  it('404 for an unknown knowledge base', async () => {
    expect((await h.json('GET', '/v1/knowledge-bases/kb_01jd8x2k3m4n5p6q7r8s9t0v1w/sources')).status).toBe(
      404,
    );
  });
});

describe('DELETE /v1/knowledge-bases/{kb_id}/sources/{source_id}', () => {
  it('204 removes the source, its file and its chunks; then 404', async () => {
    const kb = await newKb();
    const s = await addSource(kb.id, { file: textFile('gone.txt') });
    const keep = await addSource(kb.id, { type: 'text', source: 'kept' });
    for (const [sourceId, ordinal] of [
      [s.source.id, 0],
      [keep.source.id, 0],
    ] as const)
      await h.store.db
        .insertInto('kb_chunks')
        .values({
          org_id: h.orgId,
          knowledge_base_id: kb.id,
          source_id: sourceId,
          ordinal,
          content: 'c',
          token_count: 1,
          locator: null,
        })
        .execute();
    expect((await h.request('DELETE', `/v1/knowledge-bases/${kb.id}/sources/${s.source.id}`)).status).toBe(
      204,
    );
    const chunks = await h.store.db
      .selectFrom('kb_chunks')
      .select('source_id')
      .where('knowledge_base_id', '=', kb.id)
      .execute();
    expect(chunks).toEqual([{ source_id: keep.source.id }]);
    const files = await h.store.db
      .selectFrom('kb_files')
      .select('source_id')
      .where('source_id', '=', s.source.id)
      .execute();
    expect(files).toEqual([]);
    const again = await h.json('DELETE', `/v1/knowledge-bases/${kb.id}/sources/${s.source.id}`);
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('SOURCE_NOT_FOUND');
  });
  it('404 for a malformed id or a source of another KB', async () => {
    const kb = await newKb();
    const other = await newKb();
    const s = await addSource(other.id, { type: 'text', source: 'x' });
    for (const id of ['kbs_nope', s.source.id]) {
      const r = await h.json('DELETE', `/v1/knowledge-bases/${kb.id}/sources/${id}`);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('SOURCE_NOT_FOUND');
    }
  });
});

describe('GET /v1/knowledge-bases/{kb_id}/jobs', () => {
  it('200 a bare array of jobs, newest first', async () => {
    const kb = await newKb();
    const a = await addSource(kb.id, { type: 'text', source: 'one' });
    const b = await addSource(kb.id, { type: 'text', source: 'two' });
    const r = await h.json('GET', `/v1/knowledge-bases/${kb.id}/jobs`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual([b.job, a.job]);
  });
  it('404 for an unknown knowledge base', async () => {
    expect((await h.json('GET', '/v1/knowledge-bases/kb_01jd8x2k3m4n5p6q7r8s9t0v1w/jobs')).status).toBe(404);
  });
});

describe('GET /v1/knowledge-bases/{kb_id}/jobs/{job_id}', () => {
  it('200 returns the job', async () => {
    const kb = await newKb();
    const a = await addSource(kb.id, { type: 'text', source: 'one' });
    const r = await h.json('GET', `/v1/knowledge-bases/${kb.id}/jobs/${a.job.id}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(a.job);
  });
  it('404 JOB_NOT_FOUND for an unknown, malformed or other-KB job', async () => {
    const kb = await newKb();
    const other = await newKb();
    const a = await addSource(other.id, { type: 'text', source: 'one' });
    for (const id of ['kbj_01jd8x2k3m4n5p6q7r8s9t0v1w', 'nope', a.job.id]) {
      const r = await h.json('GET', `/v1/knowledge-bases/${kb.id}/jobs/${id}`);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('JOB_NOT_FOUND');
    }
  });
});

const withSource = async () => {
  const kb = await newKb();
  return { kb, added: await addSource(kb.id, { type: 'text', source: 'secured' }) };
};

runSecurityCases('knowledge-base sources and jobs', () => h, [
  {
    method: 'POST',
    scoped: true,
    prepare: async () => ({
      path: `/v1/knowledge-bases/${(await newKb()).id}/sources`,
      body: form({ type: 'text', source: 'x' }),
    }),
  },
  {
    method: 'POST',
    prepare: async () => ({ path: '/v1/knowledge-bases/sources', body: form({ type: 'text', source: 'x' }) }),
  },
  {
    method: 'GET',
    scoped: true,
    prepare: async () => ({ path: `/v1/knowledge-bases/${(await newKb()).id}/sources` }),
  },
  {
    method: 'DELETE',
    scoped: true,
    prepare: async () => {
      const { kb, added } = await withSource();
      return { path: `/v1/knowledge-bases/${kb.id}/sources/${added.source.id}` };
    },
  },
  {
    method: 'GET',
    scoped: true,
    prepare: async () => ({ path: `/v1/knowledge-bases/${(await newKb()).id}/jobs` }),
  },
  {
    method: 'GET',
    scoped: true,
    prepare: async () => {
      const { kb, added } = await withSource();
      return { path: `/v1/knowledge-bases/${kb.id}/jobs/${added.job.id}` };
    },
  },
]);
