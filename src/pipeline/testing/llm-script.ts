import { ManualClock } from '../../lib/clock.ts';
import type { ProviderError } from '../../providers/errors.ts';
import type { Llm, LlmChunk, LlmRequest, LlmToolCall } from '../../providers/llm/llm.ts';
import { CallClock } from '../call-clock.ts';
import type { Frame } from '../frames.ts';
import { LlmProcessor } from '../processors/llm.ts';
import type { ToolBehaviour, ToolOutcome, ToolRunner } from '../tools/tool-runner.ts';
import { ProcessorHarness } from './run-processor.ts';

/** One scripted model reply: text chunks, tool calls, or a failure after `errorAfter` chunks. */
export type Reply = { text?: string[]; calls?: LlmToolCall[]; error?: ProviderError; errorAfter?: number };

/** An in-test Llm: 200 ms to the first chunk, then one chunk every 20 ms, on the manual clock. */
export class ScriptedLlm implements Llm {
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
export class ScriptedTools implements ToolRunner {
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

/** An LlmProcessor over scripted models (and tools) on a manual clock, in a processor harness. */
export function setupLlmProcessor(
  replies: Reply[],
  opts: { tools?: (c: ManualClock) => ToolRunner; fallback?: Reply[] } = {},
) {
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

/** A tool call named `name` (id `id_<name>`). */
export const toolCall = (name: string, args = '{}', id = `id_${name}`): LlmToolCall => ({
  id,
  name,
  arguments: args,
});
