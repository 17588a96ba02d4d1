import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { addSource, kbWithSource, newKb, textFile } from '../../../test/support/kb-sources.ts';
import { runSecurityCases } from '../../../test/support/security.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

describe('GET /v1/knowledge-bases/{kb_id}/sources', () => {
  it('200 a bare array, newest first', async () => {
    const kb = await newKb(h);
    const a = await addSource(h, kb.id, { type: 'text', source: 'first' });
    const b = await addSource(h, kb.id, { file: textFile('b.txt') });
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
    const kb = await newKb(h);
    const s = await addSource(h, kb.id, { file: textFile('gone.txt') });
    const keep = await addSource(h, kb.id, { type: 'text', source: 'kept' });
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
    const kb = await newKb(h);
    const other = await newKb(h);
    const s = await addSource(h, other.id, { type: 'text', source: 'x' });
    for (const id of ['kbs_nope', s.source.id]) {
      const r = await h.json('DELETE', `/v1/knowledge-bases/${kb.id}/sources/${id}`);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('SOURCE_NOT_FOUND');
    }
  });
});

runSecurityCases('knowledge-base sources: list and delete', () => h, [
  {
    method: 'GET',
    scoped: true,
    prepare: async () => ({ path: `/v1/knowledge-bases/${(await newKb(h)).id}/sources` }),
  },
  {
    method: 'DELETE',
    scoped: true,
    prepare: async () => {
      const { kb, added } = await kbWithSource(h);
      return { path: `/v1/knowledge-bases/${kb.id}/sources/${added.source.id}` };
    },
  },
]);
