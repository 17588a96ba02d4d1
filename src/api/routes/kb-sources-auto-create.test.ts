import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { form, textFile } from '../../../test/support/kb-sources.ts';
import { runSecurityCases } from '../../../test/support/security.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
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

runSecurityCases('knowledge-base sources: add with auto-created KB', () => h, [
  {
    method: 'POST',
    prepare: async () => ({ path: '/v1/knowledge-bases/sources', body: form({ type: 'text', source: 'x' }) }),
  },
]);
