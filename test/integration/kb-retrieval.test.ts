import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatPassages,
  searchKnowledgeBaseTool,
} from '../../src/domain/knowledge-base/knowledge-retriever.ts';
import { createHarness, type Harness } from '../support/harness.ts';
import { warmExtraction } from '../support/kb-documents.ts';
import { handbookQuestions } from '../support/kb-questions.ts';

let h: Harness;
let handbookKb: string;
let handbookTokens: number;

async function kbWithText(text: string, body: Record<string, unknown> = {}, key?: string): Promise<string> {
  const kb = await h.json('POST', '/v1/knowledge-bases', {
    body: { name: 'KB', ...body },
    ...(key ? { key } : {}),
  });
  const form = new FormData();
  form.append('type', 'text');
  form.append('source', text);
  const r = await h.json('POST', `/v1/knowledge-bases/${kb.body.id}/sources`, {
    body: form,
    ...(key ? { key } : {}),
  });
  expect(r.status).toBe(202);
  await h.queue.drain();
  return kb.body.id;
}

beforeAll(async () => {
  h = await createHarness();
  await warmExtraction(h);
  const handbook = (await fs.readFile('test/fixtures/kb/acme-handbook.md', 'utf8')).trim();
  handbookKb = await kbWithText(handbook, { chunk_size: 64 });
  handbookTokens = (await h.json('GET', `/v1/knowledge-bases/${handbookKb}`)).body.token_count;
});
afterAll(async () => {
  await h.close();
});

const retriever = () => h.core.knowledge.retriever;

describe('KnowledgeRetriever.search (full-text)', () => {
  for (const [question, answer] of handbookQuestions) {
    it(`finds the answer in the top 3: ${question}`, async () => {
      const hits = await retriever().search(h.orgId, [handbookKb], question, 3);
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.some((p) => p.content.includes(answer))).toBe(true);
    });
  }

  it('returns passages best first with ids, KB and source', async () => {
    const [top] = await retriever().search(h.orgId, [handbookKb], 'zipper repair', 1);
    expect(top).toMatchObject({ knowledge_base_id: handbookKb, locator: null });
    expect(top!.chunk_id).toMatch(/^\d+$/);
    expect(top!.source_id).toMatch(/^kbs_/);
    expect(top!.score).toBeGreaterThan(0);
  });

  it('searches only the given KBs of the caller’s workspace', async () => {
    const other = await kbWithText('Zipper repairs are free in the other knowledge base.');
    const hits = await retriever().search(h.orgId, [other], 'zipper repair', 3);
    expect(hits.every((p) => p.knowledge_base_id === other)).toBe(true);
    const ws = await h.newWorkspace();
    expect(await retriever().search(ws.orgId, [handbookKb], 'zipper repair', 3)).toEqual([]);
    expect(await retriever().search(h.orgId, [], 'zipper repair', 3)).toEqual([]);
    expect(await retriever().search(h.orgId, [handbookKb], 'the and of', 3)).toEqual([]);
  });

  it('indexes a multilingual KB without English stemming', async () => {
    const kb = await kbWithText('Les retours sont acceptés sous trente jours après la livraison.', {
      multilingual: true,
    });
    const config = await h.store.db
      .selectFrom('kb_chunks')
      .select('ts_config')
      .where('knowledge_base_id', '=', kb)
      .executeTakeFirstOrThrow();
    expect(String(config.ts_config)).toBe('simple');
    const hits = await retriever().search(h.orgId, [kb], 'retours acceptés', 3);
    expect(hits[0]!.content).toContain('trente jours');
  });
});

describe('KnowledgeRetriever.promptContext (budget rule)', () => {
  it('inlines the content when the total equals the budget', async () => {
    const ctx = await retriever().promptContext(h.orgId, [handbookKb], handbookTokens);
    expect(ctx.mode).toBe('prompt');
    if (ctx.mode !== 'prompt') return;
    expect(ctx.tokens).toBe(handbookTokens);
    expect(ctx.text).toMatch(/^# Knowledge base\n/);
    expect(ctx.text).toContain('A zipper replacement costs 15 euros');
  });

  it('switches to the search tool one token over the budget', async () => {
    expect(await retriever().promptContext(h.orgId, [handbookKb], handbookTokens - 1)).toEqual({
      mode: 'tool',
      tokens: handbookTokens,
    });
  });

  it('uses the workspace kb_token_budget by default and adds up every KB', async () => {
    const ws = await h.newWorkspace();
    const a = await kbWithText('Alpha fact: the gate code is 4711.', {}, ws.key);
    const b = await kbWithText('Beta fact: parking is on level minus two.', {}, ws.key);
    const both = await retriever().promptContext(ws.orgId, [a, b]);
    expect(both.mode).toBe('prompt');
    if (both.mode === 'prompt') expect(both.text).toContain('gate code is 4711');
    if (both.mode === 'prompt') expect(both.text).toContain('level minus two');
    const one = await retriever().promptContext(ws.orgId, [a]);
    await h.store.db
      .updateTable('workspaces')
      .set({ kb_token_budget: one.mode === 'prompt' ? one.tokens : 0 })
      .where('id', '=', ws.orgId)
      .execute();
    expect((await retriever().promptContext(ws.orgId, [a])).mode).toBe('prompt');
    expect((await retriever().promptContext(ws.orgId, [a, b])).mode).toBe('tool');
  });

  it('is none without KBs or ingested content', async () => {
    expect(await retriever().promptContext(h.orgId, [])).toEqual({ mode: 'none' });
    const empty = (await h.json('POST', '/v1/knowledge-bases', { body: { name: 'empty' } })).body.id;
    expect(await retriever().promptContext(h.orgId, [empty])).toEqual({ mode: 'none' });
  });
});

describe('KnowledgeRetriever.searchTool', () => {
  it('answers the call engine’s search_knowledge_base with the top passages of one call’s KBs', async () => {
    const tool = retriever().searchTool(h.orgId, [handbookKb], 2);
    expect(tool.name).toBe('fulltext');
    expect(tool.definition).toBe(searchKnowledgeBaseTool);
    const text = await tool.search('What does a zipper repair cost?');
    expect(text).toMatch(/^\[1\] [\s\S]*\n\n\[2\] /);
    expect(text).not.toContain('[3]');
    expect(text).toContain('A zipper replacement costs 15 euros');
  });
});

describe('search_knowledge_base tool', () => {
  it('declares one required query argument and formats results with their origin', async () => {
    expect(searchKnowledgeBaseTool.parameters.required).toEqual(['query']);
    const hits = await retriever().search(h.orgId, [handbookKb], 'gift card cash', 2);
    const text = formatPassages(hits);
    expect(text).toMatch(/^\[1\] /);
    expect(text).toContain('cannot be exchanged for cash');
    expect(formatPassages([])).toMatch(/No matching passages/);
  });
});
