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

async function newKb(body: Record<string, unknown> = {}, key?: string) {
  const r = await h.json('POST', '/v1/knowledge-bases', {
    body: { name: 'Docs', ...body },
    ...(key ? { key } : {}),
  });
  expect(r.status).toBe(201);
  return r.body;
}

describe('POST /v1/knowledge-bases', () => {
  it('201 with only a name: chunk_size 512, multilingual false, empty totals', async () => {
    const kb = await newKb({ name: 'Product Docs' });
    expect(kb.id).toMatch(/^kb_[0-9a-z]{26}$/);
    expect(kb).toMatchObject({
      name: 'Product Docs',
      chunk_size: 512,
      multilingual: false,
      source_count: 0,
      token_count: 0,
    });
    expect(kb.created_at).toMatch(/Z$/);
  });

  it('201 with chunk_size and multilingual at the range ends', async () => {
    expect(await newKb({ chunk_size: 64, multilingual: true })).toMatchObject({
      chunk_size: 64,
      multilingual: true,
    });
    expect((await newKb({ chunk_size: 4096 })).chunk_size).toBe(4096);
  });

  it('201 ignores unknown fields', async () => {
    expect(await newKb({ embedding_model: 'x' })).not.toHaveProperty('embedding_model');
  });

  const invalid: [string, Record<string, unknown>, (string | number)[]][] = [
    ['missing name', { name: undefined }, ['body', 'name']],
    ['blank name', { name: '   ' }, ['body', 'name']],
    ['name too long', { name: 'x'.repeat(256) }, ['body', 'name']],
    ['chunk_size 63', { chunk_size: 63 }, ['body', 'chunk_size']],
    ['chunk_size 4097', { chunk_size: 4097 }, ['body', 'chunk_size']],
    ['fractional chunk_size', { chunk_size: 100.5 }, ['body', 'chunk_size']],
    ['chunk_size as string', { chunk_size: '512' }, ['body', 'chunk_size']],
    ['multilingual as string', { multilingual: 'yes' }, ['body', 'multilingual']],
    ['NUL in name', { name: 'a\u0000b' }, ['body', 'name']],
  ];
  for (const [label, body, loc] of invalid) {
    it(`422 ${label}`, async () => {
      const r = await h.json('POST', '/v1/knowledge-bases', { body: { name: 'Docs', ...body } });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('VALIDATION_ERROR');
      expect(r.body.detail.map((d: { loc: unknown }) => d.loc)).toContainEqual(loc);
    });
  }
});

describe('GET /v1/knowledge-bases', () => {
  it('200 pages newest first with total', async () => {
    const ws = await h.newWorkspace();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await newKb({ name: `kb${i}` }, ws.key)).id);
    const r = await h.json('GET', '/v1/knowledge-bases?limit=2', { key: ws.key });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect(r.body.items.map((k: { id: string }) => k.id)).toEqual([ids[2], ids[1]]);
    const r2 = await h.json('GET', '/v1/knowledge-bases?limit=2&offset=2', { key: ws.key });
    expect(r2.body.items.map((k: { id: string }) => k.id)).toEqual([ids[0]]);
  });

  for (const q of ['limit=0', 'limit=101', 'offset=-1']) {
    it(`422 for ${q}`, async () => {
      const r = await h.json('GET', `/v1/knowledge-bases?${q}`);
      expect(r.status).toBe(422);
      expect(r.body.detail[0].loc[0]).toBe('query');
    });
  }
});

describe('GET /v1/knowledge-bases/{kb_id}', () => {
  it('200 returns the knowledge base', async () => {
    const kb = await newKb();
    const r = await h.json('GET', `/v1/knowledge-bases/${kb.id}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(kb);
  });
  it('404 for an unknown or malformed id', async () => {
    for (const id of ['kb_01jd8x2k3m4n5p6q7r8s9t0v1w', 'nope', 'agt_01jd8x2k3m4n5p6q7r8s9t0v1w']) {
      const r = await h.json('GET', `/v1/knowledge-bases/${id}`);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('KNOWLEDGE_BASE_NOT_FOUND');
    }
  });
});

describe('DELETE /v1/knowledge-bases/{kb_id}', () => {
  it('204 deletes the KB with its sources, jobs and chunks, then 404', async () => {
    const kb = await newKb();
    const form = new FormData();
    form.append('type', 'text');
    form.append('source', 'Opening hours are nine to five.');
    const added = await h.json('POST', `/v1/knowledge-bases/${kb.id}/sources`, { body: form });
    expect(added.status).toBe(202);
    await h.store.db
      .insertInto('kb_chunks')
      .values({
        org_id: h.orgId,
        knowledge_base_id: kb.id,
        source_id: added.body.source.id,
        ordinal: 0,
        content: 'Opening hours are nine to five.',
        token_count: 7,
        locator: null,
      })
      .execute();
    expect((await h.request('DELETE', `/v1/knowledge-bases/${kb.id}`)).status).toBe(204);
    for (const table of ['kb_sources', 'kb_jobs', 'kb_chunks'] as const) {
      const rows = await h.store.db
        .selectFrom(table)
        .select('knowledge_base_id')
        .where('knowledge_base_id', '=', kb.id)
        .execute();
      expect(rows).toEqual([]);
    }
    expect((await h.json('GET', `/v1/knowledge-bases/${kb.id}`)).status).toBe(404);
    expect((await h.json('DELETE', `/v1/knowledge-bases/${kb.id}`)).status).toBe(404);
  });

  it('409 while a model lists it, with details.model_ids', async () => {
    const kb = await newKb();
    const m = await h.json('POST', '/v1/models', { body: { knowledge_base_ids: [kb.id] } });
    expect(m.status).toBe(201);
    const r = await h.json('DELETE', `/v1/knowledge-bases/${kb.id}`);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('CONFLICT');
    expect(r.body.error.details.model_ids).toEqual([m.body.id]);
    await h.json('PATCH', `/v1/models/${m.body.id}`, { body: { knowledge_base_ids: [] } });
    expect((await h.request('DELETE', `/v1/knowledge-bases/${kb.id}`)).status).toBe(204);
  });

  it('404 for a malformed id', async () => {
    expect((await h.json('DELETE', '/v1/knowledge-bases/kb_nope')).status).toBe(404);
  });
});

describe('OpenAPI', () => {
  it('documents every knowledge-base operation, with the multipart source form', async () => {
    const r = await h.json('GET', '/v1/openapi.json', { key: null });
    const ops = [
      ['post', '/v1/knowledge-bases'],
      ['get', '/v1/knowledge-bases'],
      ['get', '/v1/knowledge-bases/{kb_id}'],
      ['delete', '/v1/knowledge-bases/{kb_id}'],
      ['post', '/v1/knowledge-bases/{kb_id}/sources'],
      ['post', '/v1/knowledge-bases/sources'],
      ['get', '/v1/knowledge-bases/{kb_id}/sources'],
      ['delete', '/v1/knowledge-bases/{kb_id}/sources/{source_id}'],
      ['get', '/v1/knowledge-bases/{kb_id}/jobs'],
      ['get', '/v1/knowledge-bases/{kb_id}/jobs/{job_id}'],
    ] as const;
    for (const [method, path] of ops) {
      const op = r.body.paths[path]?.[method];
      expect(op?.summary, `${method} ${path}`).toBeTruthy();
      expect(op?.description, `${method} ${path}`).toBeTruthy();
    }
    const form =
      r.body.paths['/v1/knowledge-bases/sources'].post.requestBody.content['multipart/form-data'].schema;
    expect(Object.keys(form.properties)).toEqual(['file', 'type', 'source', 'name']);
    expect(r.body.paths['/v1/knowledge-bases/{kb_id}/sources'].post.responses['202']).toBeDefined();
    expect(r.body.paths['/v1/knowledge-bases/{kb_id}/sources'].post.responses['413']).toBeDefined();
  });
});

runSecurityCases('knowledge-bases', () => h, [
  { method: 'POST', prepare: async () => ({ path: '/v1/knowledge-bases', body: { name: 'x' } }) },
  { method: 'GET', prepare: async () => ({ path: '/v1/knowledge-bases' }) },
  {
    method: 'GET',
    scoped: true,
    prepare: async () => ({ path: `/v1/knowledge-bases/${(await newKb()).id}` }),
  },
  {
    method: 'DELETE',
    scoped: true,
    prepare: async () => ({ path: `/v1/knowledge-bases/${(await newKb()).id}` }),
  },
]);
