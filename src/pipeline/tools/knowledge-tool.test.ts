import { describe, expect, it } from 'vitest';
import type { LlmToolCall } from '../../providers/llm/llm.ts';
import { type KnowledgeSearch, KnowledgeToolRunner } from './knowledge-tool.ts';
import type { ToolOutcome, ToolRunner } from './tool-runner.ts';

const definition = {
  name: 'search_knowledge_base',
  description: 'Search the knowledge base',
  parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
};

/** The model's own tools: one `lookup` and a model tool that clashes with the automatic one. */
const modelTools: ToolRunner = {
  definitions: () => [
    { name: 'lookup', description: 'order lookup', parameters: {} },
    { name: 'search_knowledge_base', description: 'a model tool of the same name', parameters: {} },
  ],
  behaviour: () => ({ background: true }),
  run: async (call): Promise<ToolOutcome> => ({ result: { ran: call.name } }),
};

function runner(search: KnowledgeSearch['search'] = async (q) => `[1] passage for ${q}`) {
  const queries: string[] = [];
  const kb: KnowledgeSearch = {
    name: 'hybrid',
    definition,
    search: (q, s) => {
      queries.push(q);
      return search(q, s);
    },
  };
  return { tools: new KnowledgeToolRunner(modelTools, kb), queries };
}

const call = (args: string, name = 'search_knowledge_base'): LlmToolCall => ({
  id: 'c1',
  name,
  arguments: args,
});
const live = () => new AbortController().signal;

describe('KnowledgeToolRunner', () => {
  it('adds search_knowledge_base after the model tools, shadowing a model tool of that name', () => {
    const { tools } = runner();
    expect(tools.definitions().map((d) => [d.name, d.description])).toEqual([
      ['lookup', 'order lookup'],
      ['search_knowledge_base', 'Search the knowledge base'],
    ]);
    expect(tools.definitions()).toBe(tools.definitions());
  });

  it('runs a search in the foreground, timed as a kb event of the retrieval method', () => {
    const { tools } = runner();
    expect(tools.behaviour('search_knowledge_base')).toEqual({
      background: false,
      metric: { name: 'kb', provider: 'hybrid' },
    });
    expect(tools.behaviour('lookup')).toEqual({ background: true });
  });

  it('answers with the search text for the trimmed query', async () => {
    const { tools, queries } = runner();
    expect(await tools.run(call('{"query":"  opening hours "}'), live())).toEqual({
      result: '[1] passage for opening hours',
    });
    expect(queries).toEqual(['opening hours']);
  });

  it('passes other tools to the model tools', async () => {
    const { tools, queries } = runner();
    expect(await tools.run(call('{}', 'lookup'), live())).toEqual({ result: { ran: 'lookup' } });
    expect(queries).toEqual([]);
  });

  for (const args of ['', '{"query":""}', '{"query":42}', '{"q":"hours"}', 'not json', '["hours"]'])
    it(`tells the model how to call it when the arguments are ${JSON.stringify(args)}`, async () => {
      const { tools, queries } = runner();
      expect(await tools.run(call(args), live())).toEqual({
        result: { error: 'pass {"query": "<what to look up>"} with a non-empty query' },
      });
      expect(queries).toEqual([]);
    });

  it('drops the result of a search the caller interrupted', async () => {
    const ac = new AbortController();
    const { tools } = runner(async (q) => {
      ac.abort();
      return q;
    });
    await expect(tools.run(call('{"query":"hours"}'), ac.signal)).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
