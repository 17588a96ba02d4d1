import { describe, expect, it } from 'vitest';
import { toolCall as call, ScriptedTools, setupLlmProcessor as setup } from '../testing/llm-script.ts';
import { KnowledgeToolRunner } from '../tools/knowledge-tool.ts';

describe('LlmProcessor: tool calls', () => {
  it('runs tool calls, feeds results back and speaks each model call as its own speech', async () => {
    const { h, llm, turn, proc } = setup(
      [
        { text: ['Let me check. '], calls: [call('check_stock', '{"sku":"A1"}')] },
        { text: ['We have three.'] },
      ],
      { tools: (c) => new ScriptedTools(c, { check_stock: { ms: 300, out: { result: { in_stock: 3 } } } }) },
    );
    await h.send(turn('Is A1 in stock?'));
    await h.settle(2000);
    expect(h.of('tool.call')[0]).toMatchObject({ name: 'check_stock', arguments: { sku: 'A1' }, atMs: 240 });
    expect(h.of('tool.result')[0]).toMatchObject({ result: { in_stock: 3 }, startMs: 240, endMs: 540 });
    expect(h.of('metric').map((m) => [m.name, m.ms])).toEqual([
      ['llm_ttft', 200],
      ['tool:check_stock', 300],
      ['llm_ttft', 200],
    ]);
    expect(llm.requests[0]!.tools?.map((t) => t.name)).toEqual(['check_stock']);
    expect(llm.requests[1]!.messages.slice(2)).toEqual([
      { role: 'assistant', content: 'Let me check. ', toolCalls: [call('check_stock', '{"sku":"A1"}')] },
      { role: 'tool', toolCallId: 'id_check_stock', name: 'check_stock', content: '{"in_stock":3}' },
    ]);
    expect(h.of('llm.text').map((t) => t.text)).toEqual(['Let me check. ', 'We have three.']);
    expect(h.types().filter((t) => t.startsWith('speech.'))).toEqual([
      'speech.start',
      'speech.end',
      'speech.start',
      'speech.end',
    ]);
    expect(proc.messages.at(-1)).toEqual({ role: 'assistant', content: 'We have three.' });
  });

  it('speaks a filler while a silent tool call runs', async () => {
    const { h, turn } = setup([{ calls: [call('slow')] }, { text: ['Done.'] }], {
      tools: (c) =>
        new ScriptedTools(c, {
          slow: { ms: 2000, out: { result: 'ok' }, behaviour: { background: false, filler: 'One moment.' } },
        }),
    });
    await h.send(turn('Do it'));
    await h.settle(300);
    expect(h.of('llm.text').map((t) => t.text)).toEqual(['One moment. ']);
    expect(h.of('tool.result')).toHaveLength(0);
    await h.settle(3000);
    expect(h.of('llm.text').map((t) => t.text)).toEqual(['One moment. ', 'Done.']);
  });

  it('stops after a terminal tool without asking the model again', async () => {
    const { h, llm, turn } = setup([{ text: ['Goodbye!'], calls: [call('hangup')] }], {
      tools: (c) => new ScriptedTools(c, { hangup: { ms: 0, out: { result: 'ending', terminal: true } } }),
    });
    await h.send(turn('bye'));
    await h.settle(1000);
    expect(llm.requests).toHaveLength(1);
    expect(h.of('speech.end')).toHaveLength(1);
  });

  it('answers a background tool at once and adds its result before the next model call', async () => {
    const { h, llm, turn } = setup(
      [{ calls: [call('crm')] }, { text: ['Noted.'] }, { text: ['Anything else?'] }],
      {
        tools: (c) =>
          new ScriptedTools(c, {
            crm: { ms: 5000, out: { result: { saved: true } }, behaviour: { background: true } },
          }),
      },
    );
    await h.send(turn('Save me'));
    await h.settle(1000);
    expect(llm.requests[1]!.messages.at(-1)).toMatchObject({
      role: 'tool',
      content: expect.stringContaining('background'),
    });
    await h.settle(5000);
    expect(h.of('tool.result')).toHaveLength(1);
    await h.send(turn('No thanks'));
    await h.settle(1000);
    expect(llm.requests[2]!.messages).toContainEqual({
      role: 'system',
      content: 'Result of crm (run in the background): {"saved":true}',
    });
  });

  it('offers search_knowledge_base, feeds its passages back as plain text and times it as kb', async () => {
    const queries: string[] = [];
    const definition = {
      name: 'search_knowledge_base',
      description: 'Search',
      parameters: { type: 'object' },
    };
    const { h, llm, turn, proc } = setup(
      [
        { calls: [call('search_knowledge_base', '{"query":"opening hours"}')] },
        { text: ['We open at nine.'] },
      ],
      {
        tools: (c) =>
          new KnowledgeToolRunner(new ScriptedTools(c, { end_call: { ms: 0, out: { result: 'ok' } } }), {
            name: 'fulltext',
            definition,
            search: (q) =>
              new Promise((resolve) => {
                queries.push(q);
                c.setTimeout(() => resolve('[1] Open 9 to 5.'), 40);
              }),
          }),
      },
    );
    await h.send(turn('What are your hours?'));
    await h.settle(2000);
    expect(queries).toEqual(['opening hours']);
    expect(llm.requests[0]!.tools!.map((t) => t.name)).toEqual(['end_call', 'search_knowledge_base']);
    expect(llm.requests[0]!.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(proc.messages[2]).toEqual({
      role: 'tool',
      toolCallId: 'id_search_knowledge_base',
      name: 'search_knowledge_base',
      content: '[1] Open 9 to 5.',
    });
    expect(h.of('metric').map((m) => [m.name, m.provider, m.ms])).toEqual([
      ['llm_ttft', 'primary', 200],
      ['kb', 'fulltext', 40],
      ['llm_ttft', 'primary', 200],
    ]);
    expect(h.of('tool.result')[0]).toMatchObject({
      name: 'search_knowledge_base',
      result: '[1] Open 9 to 5.',
    });
  });
});
