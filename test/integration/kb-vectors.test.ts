import fs from 'node:fs/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bagOfWordsVector,
  startEmbeddingsDouble,
} from '../../src/providers/embeddings/testing/embeddings-double.ts';
import type { HttpDouble } from '../../src/providers/testing/http-double.ts';
import { PgKbSearchRepo } from '../../src/store/kb-search-repo.ts';
import { vectorTypeSchema } from '../../src/store/kb-vector-column.ts';
import { createHarness, type Harness } from '../support/harness.ts';
import { warmExtraction } from '../support/kb-documents.ts';
import { handbookQuestions } from '../support/kb-questions.ts';

let h: Harness;
let embeddings: HttpDouble;
let vectors: boolean;

beforeAll(async () => {
  embeddings = await startEmbeddingsDouble({ apiKey: 'sk-test' });
  h = await createHarness({ env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${embeddings.url}/v1` } });
  vectors = (await vectorTypeSchema(h.store.db)) !== undefined;
  await warmExtraction(h);
});
afterAll(async () => {
  await h.close();
  await embeddings.close();
});

async function ingestText(text: string, chunkSize = 512) {
  const kb = (await h.json('POST', '/v1/knowledge-bases', { body: { name: 'KB', chunk_size: chunkSize } }))
    .body.id as string;
  const form = new FormData();
  form.append('type', 'text');
  form.append('source', text);
  const added = (await h.json('POST', `/v1/knowledge-bases/${kb}/sources`, { body: form })).body;
  await h.queue.drain();
  const job = (await h.json('GET', `/v1/knowledge-bases/${kb}/jobs/${added.job.id}`)).body;
  return { kb, job, sourceId: added.source.id as string };
}

const embeddedRows = (sourceId: string) =>
  sql<{ model: string | null; dims: number | null }>`
    SELECT embedding_model AS model, vector_dims(embedding) AS dims FROM kb_chunks WHERE source_id = ${sourceId}`
    .execute(h.store.db)
    .then((r) => r.rows);

describe('vector indexing', () => {
  it('is on exactly when the store has pgvector (PGlite ships it; PostgreSQL needs the extension)', () => {
    expect(h.core.knowledge.vectorIndexing).toBe(vectors);
    if (h.store.kind === 'pglite') expect(vectors).toBe(true);
  });

  it('embeds every chunk through the OpenAI-compatible /embeddings API and reports vector_indexed', async () => {
    const before = embeddings.requests.length;
    const { job, sourceId } = await ingestText('Biscuit the office dog likes long walks.');
    expect(job).toMatchObject({ status: 'completed', payload: { vector_indexed: vectors } });
    if (!vectors) {
      expect(embeddings.requests.length).toBe(before);
      return;
    }
    const req = JSON.parse(embeddings.requests.at(-1)!.body.toString());
    expect(req).toMatchObject({
      model: 'text-embedding-3-small',
      input: ['Biscuit the office dog likes long walks.'],
    });
    expect(await embeddedRows(sourceId)).toEqual([{ model: 'text-embedding-3-small', dims: 256 }]);
  });

  it('ranks the handbook questions with hybrid search (right chunk in the top 3)', async () => {
    const handbook = (await fs.readFile('test/fixtures/kb/acme-handbook.md', 'utf8')).trim();
    const { kb } = await ingestText(handbook, 64);
    for (const [question, answer] of handbookQuestions) {
      const hits = await h.core.knowledge.retriever.search(h.orgId, [kb], question, 3);
      expect(
        hits.some((p) => p.content.includes(answer)),
        question,
      ).toBe(true);
    }
    if (!vectors) return;
    // The vector half on its own ranks by embedding distance.
    const nearest = await new PgKbSearchRepo(h.store.db).nearest(
      h.orgId,
      [kb],
      bagOfWordsVector('zipper repair price'),
      'text-embedding-3-small',
      3,
    );
    expect(nearest[0]!.content).toContain('A zipper replacement costs 15 euros');
    expect(nearest[0]!.score).toBeGreaterThan(nearest[2]!.score);
  });

  it('still indexes for full-text search when the embeddings provider fails', async () => {
    embeddings.failNext(500, { error: { message: 'The server had an error' } }, 1);
    const { job, kb, sourceId } = await ingestText('The vending machine on floor two takes coins only.');
    expect(job).toMatchObject({ status: 'completed', payload: { vector_indexed: false } });
    if (vectors) expect(await embeddedRows(sourceId)).toEqual([{ model: null, dims: null }]);
    embeddings.failNext(500, { error: { message: 'The server had an error' } }, 1);
    const hits = await h.core.knowledge.retriever.search(h.orgId, [kb], 'vending machine coins', 3);
    expect(hits[0]!.content).toContain('coins only');
  });
});

describe('URL sources without PARLEY_ALLOW_PRIVATE_URLS', () => {
  it('fail with an error naming the variable, without fetching', async () => {
    const kb = (await h.json('POST', '/v1/knowledge-bases', { body: { name: 'KB' } })).body.id;
    const before = embeddings.requests.length;
    const form = new FormData();
    form.append('type', 'url');
    form.append('source', `${embeddings.url}/docs`);
    const added = (await h.json('POST', `/v1/knowledge-bases/${kb}/sources`, { body: form })).body;
    await h.queue.drain();
    const job = (await h.json('GET', `/v1/knowledge-bases/${kb}/jobs/${added.job.id}`)).body;
    expect(job.status).toBe('failed');
    expect(job.error_message).toMatch(/127\.0\.0\.1.*PARLEY_ALLOW_PRIVATE_URLS=true/);
    expect(embeddings.requests.length).toBe(before);
  });
});
