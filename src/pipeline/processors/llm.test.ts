import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.ts';
import { ProviderError } from '../../providers/errors.ts';
import type { Llm, LlmChunk, LlmRequest, LlmToolCall } from '../../providers/llm/llm.ts';
import { CallClock } from '../call-clock.ts';
import type { Frame } from '../frames.ts';
import { ProcessorHarness } from '../testing/run-processor.ts';
import { KnowledgeToolRunner } from '../tools/knowledge-tool.ts';
import type { ToolBehaviour, ToolOutcome, ToolRunner } from '../tools/tool-runner.ts';
import { LlmProcessor } from './llm.ts';

type Reply = { text?: string[]; calls?: LlmToolCall[]; error?: ProviderError; errorAfter?: number };

/** An in-test Llm: 200 ms to the first chunk, then one chunk every 20 ms, on the manual clock. */
class ScriptedLlm implements Llm {
  readonly capabilities = { streaming: true, tools: true };
  readonly requests: LlmRequest[] = [];
  constructor(
    readonly provider: string,
    private readonly clock: ManualClock,
    private readonly replies: Reply[],
  ) {}
  async *chat(req: LlmRequest, signal: AbortSignal): AsyncIterable<LlmChunk> {
    this.requests.push(structuredClone(req));
    const r = this.replies.shift() ?? { text: ['(no script)'] };
    const chunks: LlmChunk[] = [
      ...(r.text ?? []).map((text) => ({ type: 'text' as const, text })),
      ...(r.calls ?? []).map((call) => ({ type: 'tool_call' as const, call })),
    ];
    for (let i = 0; i <= chunks.length; i++) {
      await new Promise<void>((resolve, reject) => {
        const t = this.clock.setTimeout(resolve, i === 0 ? 200 : 20);
        signal.addEventListener('abort', () => {
          this.clock.clearTimeout(t);
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
      if (r.error && i === (r.errorAfter ?? 0)) throw r.error;
      if (i < chunks.length) yield chunks[i]!;
    }
    yield { type: 'done', finishReason: r.calls ? 'tool_calls' : 'stop' };
  }
}

/** An in-test ToolRunner: each tool answers after `ms` on the clock. */
class ScriptedTools implements ToolRunner {
  readonly ran: string[] = [];
  constructor(
    private readonly clock: ManualClock,
    private readonly spec: Record<string, { ms: number; out: ToolOutcome; behaviour?: ToolBehaviour }>,
  ) {}
  definitions() {
    return Object.keys(this.spec).map((name) => ({
      name,
      description: name,
      parameters: { type: 'object' },
    }));
  }
  behaviour(name: string): ToolBehaviour {
    return this.spec[name]?.behaviour ?? { background: false };
  }
  async run(call: LlmToolCall, signal: AbortSignal): Promise<ToolOutcome> {
    this.ran.push(call.name);
    const s = this.spec[call.name]!;
    await new Promise<void>((resolve, reject) => {
      const t = this.clock.setTimeout(resolve, s.ms);
      signal.addEventListener('abort', () => {
        this.clock.clearTimeout(t);
        reject(new DOMException('aborted', 'AbortError'));
      });
    });
    return s.out;
  }
}

function setup(replies: Reply[], opts: { tools?: (c: ManualClock) => ToolRunner; fallback?: Reply[] } = {}) {
  const clock = new ManualClock(0);
  const llm = new ScriptedLlm('primary', clock, replies);
  const llms: Llm[] = [llm];
  if (opts.fallback) llms.push(new ScriptedLlm('backup', clock, opts.fallback));
  const tools = opts.tools?.(clock);
  const proc = new LlmProcessor({
    llms,
    model: 'gpt-test',
    temperature: 0.3,
    systemPrompt: '# Role\nReceptionist',
    time: new CallClock(clock),
    ...(tools ? { tools } : {}),
  });
  const h = new ProcessorHarness(proc, clock);
  const turn = (text: string, noReply = false): Frame => ({
    kind: 'data',
    type: 'user.turn',
    text,
    source: 'speech',
    startMs: 0,
    speechEndMs: 0,
    atMs: 0,
    ...(noReply ? { noReply: true as const } : {}),
  });
  return { clock, llm, llms, proc, h, turn, tools };
}

const call = (name: string, args = '{}', id = `id_${name}`): LlmToolCall => ({ id, name, arguments: args });

describe('LlmProcessor', () => {
  it('streams a reply to a user turn into one speech, with the effective system prompt and ttft', async () => {
    const { h, llm, turn } = setup([{ text: ['Hello! ', 'How can ', 'I help?'] }]);
    await h.send(turn('Hi there'));
    await h.settle(1000);
    expect(h.types()).toEqual(['speech.start', 'metric', 'llm.text', 'llm.text', 'llm.text', 'speech.end']);
    expect(h.of('metric')[0]).toEqual({
      kind: 'system',
      type: 'metric',
      name: 'llm_ttft',
      ms: 200,
      provider: 'primary',
    });
    expect(h.of('agent.speech_created', 'up')).toHaveLength(1);
    expect(llm.requests[0]).toEqual({
      model: 'gpt-test',
      temperature: 0.3,
      messages: [
        { role: 'system', content: '# Role\nReceptionist' },
        { role: 'user', content: 'Hi there' },
      ],
    });
  });

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

  it('on interruption stops the model and keeps only the heard words in the context', async () => {
    const { h, turn, proc } = setup([{ text: ['One two ', 'three four ', 'five six.'] }]);
    await h.send(turn('Count'));
    await h.settle(230);
    const speech = h.of('speech.start')[0]!.speech;
    h.pipeline.interrupt();
    speech.finish({ text: 'One two three', interrupted: true, startMs: 100, endMs: 300 });
    await h.settle(1000);
    expect(h.of('speech.end')).toHaveLength(0);
    expect(h.of('llm.text').map((t) => t.text)).toEqual(['One two ', 'three four ']);
    expect(proc.messages).toEqual([
      { role: 'user', content: 'Count' },
      { role: 'assistant', content: 'One two three' },
    ]);
  });

  it('leaves an answer interrupted before any word was heard out of the next request', async () => {
    const { h, llm, turn } = setup([{ text: ['Well, '] }, { text: ['Sure.'] }]);
    await h.send(turn('Hello'));
    await h.settle(100);
    const speech = h.of('speech.start')[0]!.speech;
    h.pipeline.interrupt();
    speech.finish({ text: '', interrupted: true, startMs: -1, endMs: -1 });
    await h.send(turn('Actually, book a table'));
    await h.settle(1000);
    expect(llm.requests[1]!.messages.map((m) => [m.role, m.content])).toEqual([
      ['system', '# Role\nReceptionist'],
      ['user', 'Hello'],
      ['user', 'Actually, book a table'],
    ]);
  });

  it('fails over to the fallback model when the first fails before any output', async () => {
    const err = new ProviderError('primary', 'rate limited', { statusCode: 429 });
    const { h, turn, proc } = setup([{ error: err }], { fallback: [{ text: ['Hi from backup.'] }] });
    await h.send(turn('Hello'));
    await h.settle(1000);
    expect(proc.provider).toBe('backup');
    expect(h.of('llm.text').map((t) => t.text)).toEqual(['Hi from backup.']);
    expect(h.of('error', 'up')).toHaveLength(0);
  });

  it('reports a failure after output as a fatal provider error and still closes the speech', async () => {
    const err = new ProviderError('primary', 'stream reset');
    const { h, turn } = setup([{ text: ['Part one ', 'part two'], error: err, errorAfter: 1 }], {
      fallback: [],
    });
    await h.send(turn('Hello'));
    await h.settle(1000);
    const [e] = h.of('error', 'up');
    expect(e).toMatchObject({ fatal: true, source: 'llm', error: err });
    expect(h.of('speech.end')).toHaveLength(1);
  });

  it('says fixed lines (greeting) without the model, uninterruptible, into the context', async () => {
    const { h, llm, proc } = setup([]);
    const speech = proc.say('Welcome to Acme.', { allowInterruptions: false, source: 'greeting' });
    await h.settle();
    expect(speech.allowInterruptions).toBe(false);
    expect(h.down.map((f) => [f.type, f.uninterruptible])).toEqual([
      ['speech.start', true],
      ['llm.text', true],
      ['speech.end', true],
    ]);
    expect(proc.messages).toEqual([{ role: 'assistant', content: 'Welcome to Acme.' }]);
    expect(llm.requests).toHaveLength(0);
  });

  it('records a no-reply turn without calling the model', async () => {
    const { h, llm, turn, proc } = setup([]);
    await h.send(turn('goodbye', true));
    expect(proc.messages).toEqual([{ role: 'user', content: 'goodbye' }]);
    expect(llm.requests).toHaveLength(0);
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
