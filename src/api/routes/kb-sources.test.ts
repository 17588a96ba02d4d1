import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { addSource, form, newKb, textFile } from '../../../test/support/kb-sources.ts';
import { runSecurityCases } from '../../../test/support/security.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

describe('POST /v1/knowledge-bases/{kb_id}/sources', () => {
  it('202 text: a processing source, a queued job and the job in the queue', async () => {
    const kb = await newKb(h);
    const text = 'Our office is open Monday to Friday.';
    const r = await addSource(h, kb.id, { type: 'text', source: text });
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
    const kb = await newKb(h);
    const r = await addSource(h, kb.id, { type: 'text', source: 'null\u0000byte' });
    expect(r.source.source).toBe('nullbyte');
  });

  it('202 url: stored without its fragment', async () => {
    const kb = await newKb(h);
    const r = await addSource(h, kb.id, { type: 'url', source: 'https://Docs.Example.com/help#top' });
    expect(r.source).toMatchObject({ type: 'url', source: 'https://docs.example.com/help', file_name: null });
  });

  it('202 file: name, MIME type and size recorded, bytes stored', async () => {
    const kb = await newKb(h);
    const r = await addSource(h, kb.id, { file: textFile('folder/Guide.MD', '# Guide\nHello') });
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
    const kb = await newKb(h);
    const r = await h.json('POST', `/v1/knowledge-bases/${kb.id}/sources`, {
      body: { type: 'text', source: 'Plain JSON text' },
    });
    expect(r.status).toBe(202);
    expect(r.body.source.source).toBe('Plain JSON text');
  });

  it('202 re-adding the same URL refreshes that source with a new job', async () => {
    const kb = await newKb(h);
    const first = await addSource(h, kb.id, { type: 'url', source: 'https://example.com/faq' });
    await h.store.db
      .updateTable('kb_sources')
      .set({ status: 'failed', error_message: 'old' })
      .where('id', '=', first.source.id)
      .execute();
    const again = await addSource(h, kb.id, { type: 'url', source: 'https://example.com/faq#x' });
    expect(again.source.id).toBe(first.source.id);
    expect(again.source).toMatchObject({ status: 'processing', error_message: null });
    expect(again.job.id).not.toBe(first.job.id);
    const sources = await h.json('GET', `/v1/knowledge-bases/${kb.id}/sources`);
    expect(sources.body).toHaveLength(1);
  });

  it('404 for an unknown knowledge base', async () => {
    const r = await h.json('POST', '/v1/knowledge-bases/kb_01jd8x2k3m4n5p6q7r8s9t0v1w/sources', {
      body: form({ type: 'text', source: 'x' }),
    });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('KNOWLEDGE_BASE_NOT_FOUND');
  });
});

runSecurityCases('knowledge-base sources: add', () => h, [
  {
    method: 'POST',
    scoped: true,
    prepare: async () => ({
      path: `/v1/knowledge-bases/${(await newKb(h)).id}/sources`,
      body: form({ type: 'text', source: 'x' }),
    }),
  },
]);
