import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cl100kTokenizer } from '../../src/lib/tokenizer.ts';
import { createHarness, type Harness } from '../support/harness.ts';
import { corruptMiddle, makeDocx, makePdf, makeWorkbook, warmExtraction } from '../support/kb-documents.ts';
import { type KbSite, startKbSite } from '../support/kb-site.ts';

let h: Harness;
let site: KbSite;
beforeAll(async () => {
  // The crawl site is on loopback, which only an operator opt-in allows.
  h = await createHarness({ env: { PARLEY_ALLOW_PRIVATE_URLS: 'true' } });
  site = await startKbSite();
  await warmExtraction(h);
});
afterAll(async () => {
  await site.close();
  await h.close();
});

async function newKb(body: Record<string, unknown> = {}): Promise<string> {
  const r = await h.json('POST', '/v1/knowledge-bases', { body: { name: 'KB', ...body } });
  expect(r.status).toBe(201);
  return r.body.id;
}

async function add(kbId: string, fields: Record<string, string | File>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const r = await h.json('POST', `/v1/knowledge-bases/${kbId}/sources`, { body: form });
  expect(r.status).toBe(202);
  return r.body as { source: { id: string }; job: { id: string } };
}

/** Run queued jobs, then read the job and source back through the API. */
async function settle(kbId: string, added: { source: { id: string }; job: { id: string } }) {
  await h.queue.drain();
  const job = (await h.json('GET', `/v1/knowledge-bases/${kbId}/jobs/${added.job.id}`)).body;
  const sources = (await h.json('GET', `/v1/knowledge-bases/${kbId}/sources`)).body as { id: string }[];
  return { job, source: sources.find((s) => s.id === added.source.id) as Record<string, any> };
}

const chunksOf = (sourceId: string) =>
  h.store.db
    .selectFrom('kb_chunks')
    .select(['id', 'ordinal', 'content', 'token_count', 'locator'])
    .where('source_id', '=', sourceId)
    .orderBy('ordinal')
    .execute();

const file = (bytes: Uint8Array, name: string) => new File([new Uint8Array(bytes)], name);

describe('kb.ingest-source: files', () => {
  const samples: [string, () => Promise<Uint8Array>, string][] = [
    [
      'policy.pdf',
      () => makePdf([['Refunds are accepted within 30 days.'], ['Canada shipping takes five days.']]),
      'Canada shipping',
    ],
    ['returns.docx', () => makeDocx('Returns', ['Gift cards are final sale.']), 'Gift cards are final sale.'],
    [
      'prices.xlsx',
      async () =>
        makeWorkbook(
          {
            Plans: [
              ['Plan', 'Price'],
              ['Pro', '25 EUR'],
            ],
          },
          'xlsx',
        ),
      'Plan: Pro; Price: 25 EUR',
    ],
    [
      'legacy.xls',
      async () =>
        makeWorkbook(
          {
            Plans: [
              ['Plan', 'Price'],
              ['Basic', '10 EUR'],
            ],
          },
          'xls',
        ),
      'Plan: Basic; Price: 10 EUR',
    ],
    ['notes.txt', async () => Buffer.from('The office dog is called Biscuit.'), 'Biscuit'],
    ['guide.md', async () => Buffer.from('# Guide\n\nPress the red button twice.'), 'red button'],
  ];
  for (const [name, make, expected] of samples) {
    it(`ingests ${name}: job completed with payload, source counts, chunks indexed`, async () => {
      const kb = await newKb();
      const added = await add(kb, { file: file(await make(), name) });
      const { job, source } = await settle(kb, added);
      expect(job).toMatchObject({ status: 'completed', error_message: null });
      expect(job.started_at).toEqual(expect.stringMatching(/Z$/));
      expect(job.completed_at).toEqual(expect.stringMatching(/Z$/));
      expect(job.payload.chunks).toBeGreaterThan(0);
      expect(job.payload.tokens).toBeGreaterThan(0);
      expect(job.payload.vector_indexed).toBe(false);
      expect(source).toMatchObject({
        status: 'completed',
        chunk_count: job.payload.chunks,
        token_count: job.payload.tokens,
      });
      const chunks = await chunksOf(added.source.id);
      expect(chunks).toHaveLength(job.payload.chunks);
      expect(chunks.map((c) => c.content).join('\n')).toContain(expected);
      const kbView = (await h.json('GET', `/v1/knowledge-bases/${kb}`)).body;
      expect(kbView.token_count).toBe(job.payload.tokens);
    });
  }

  it('chunks to the KB chunk_size with a real tokenizer', async () => {
    const kb = await newKb({ chunk_size: 64 });
    const handbook = await fs.readFile('test/fixtures/kb/acme-handbook.md');
    const added = await add(kb, { file: file(handbook, 'handbook.md') });
    const { job } = await settle(kb, added);
    const chunks = await chunksOf(added.source.id);
    expect(chunks.length).toBeGreaterThan(8);
    for (const c of chunks) {
      expect(c.token_count).toBeLessThanOrEqual(64);
      expect(c.token_count).toBe(cl100kTokenizer.count(c.content));
    }
    expect(job.payload.tokens).toBe(cl100kTokenizer.count(handbook.toString().trim()));
  });

  it('fails a mislabelled file with a clear error_message, and the worker keeps going', async () => {
    const kb = await newKb();
    const bad = await add(kb, { file: file(Buffer.from('I am not a PDF'), 'fake.pdf') });
    const good = await add(kb, { type: 'text', source: 'Still working after a bad file.' });
    const failed = await settle(kb, bad);
    expect(failed.job).toMatchObject({
      status: 'failed',
      error_message:
        "The file 'fake.pdf' is named .pdf but its content is plain text; upload a real .pdf file or rename it to match its content.",
      payload: { chunks: 0, tokens: 0, vector_indexed: false },
    });
    expect(failed.job.completed_at).not.toBeNull();
    expect(failed.source).toMatchObject({
      status: 'failed',
      error_message: failed.job.error_message,
      chunk_count: 0,
    });
    expect((await settle(kb, good)).job.status).toBe('completed');
  });

  it('fails a corrupt document', async () => {
    const kb = await newKb();
    const added = await add(kb, {
      file: file(corruptMiddle(await makeDocx('T', ['x'.repeat(5000)])), 'broken.docx'),
    });
    const { job } = await settle(kb, added);
    expect(job.status).toBe('failed');
    expect(job.error_message).toMatch(/^The Word document is corrupt or unreadable/);
  });
});

describe('kb.ingest-source: idempotency and lifecycle', () => {
  it('a re-delivered or re-run job never duplicates chunks', async () => {
    const kb = await newKb({ chunk_size: 64 });
    const handbook = await fs.readFile('test/fixtures/kb/acme-handbook.md');
    const added = await add(kb, { file: file(handbook, 'handbook.md') });
    await h.queue.drain();
    const first = await chunksOf(added.source.id);
    const data = { orgId: h.orgId, jobId: added.job.id, sourceId: added.source.id };
    await h.queue.send('kb.ingest-source', data);
    await h.queue.drain();
    expect(await chunksOf(added.source.id)).toEqual(first);
    // A crash mid-run leaves the job `running`; the retry re-ingests and replaces the chunks.
    await h.store.db
      .updateTable('kb_jobs')
      .set({ status: 'running' })
      .where('id', '=', added.job.id)
      .execute();
    await h.queue.send('kb.ingest-source', data);
    await h.queue.drain();
    const again = await chunksOf(added.source.id);
    expect(again.map((c) => [c.ordinal, c.content])).toEqual(first.map((c) => [c.ordinal, c.content]));
    expect((await settle(kb, added)).job.status).toBe('completed');
  });

  it('a source deleted before its job runs fails the job, which keeps no chunks', async () => {
    const kb = await newKb();
    const added = await add(kb, { type: 'text', source: 'Short-lived.' });
    expect((await h.request('DELETE', `/v1/knowledge-bases/${kb}/sources/${added.source.id}`)).status).toBe(
      204,
    );
    await h.queue.drain();
    const job = (await h.json('GET', `/v1/knowledge-bases/${kb}/jobs/${added.job.id}`)).body;
    expect(job).toMatchObject({
      status: 'failed',
      knowledge_base_source_id: null,
      error_message: 'The source was deleted before ingestion finished.',
    });
    expect(await chunksOf(added.source.id)).toEqual([]);
  });
});

describe('kb.ingest-source: URLs', () => {
  it('crawls the site within robots rules and indexes each page with its URL', async () => {
    const kb = await newKb();
    const added = await add(kb, { type: 'url', source: `${site.url}/` });
    const { job, source } = await settle(kb, added);
    expect(job.status).toBe('completed');
    expect(source.status).toBe('completed');
    const chunks = await chunksOf(added.source.id);
    const pages = new Set(chunks.map((c) => new URL(c.locator!).pathname));
    expect(pages).toEqual(
      new Set(['/', '/about', '/faq', '/loop', '/returns', '/deep/1', '/manual.pdf', '/deep/2', '/deep/3']),
    );
    const text = chunks.map((c) => c.content).join('\n');
    expect(text).toContain('Shipping to Canada takes five business days.');
    expect(text).not.toContain('vault code');
  });

  it('re-adding the same URL refreshes its content in place', async () => {
    const kb = await newKb();
    site.news = 'The spring sale starts on March 3.';
    const first = await add(kb, { type: 'url', source: `${site.url}/news` });
    await settle(kb, first);
    expect((await chunksOf(first.source.id)).map((c) => c.content).join()).toContain('March 3');
    site.news = 'The summer sale starts on July 7.';
    const again = await add(kb, { type: 'url', source: `${site.url}/news` });
    expect(again.source.id).toBe(first.source.id);
    const { job } = await settle(kb, again);
    expect(job.status).toBe('completed');
    const text = (await chunksOf(first.source.id)).map((c) => c.content).join();
    expect(text).toContain('July 7');
    expect(text).not.toContain('March 3');
  });

  it('fails a URL that answers 404 with the reason', async () => {
    const kb = await newKb();
    const { job } = await settle(kb, await add(kb, { type: 'url', source: `${site.url}/missing` }));
    expect(job).toMatchObject({
      status: 'failed',
      error_message: expect.stringMatching(/answered HTTP 404/),
    });
  });
});
