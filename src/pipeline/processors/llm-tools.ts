import type { LlmMessage, LlmToolCall } from '../../providers/llm/llm.ts';
import type { CallClock } from '../call-clock.ts';
import type { Frame } from '../frames.ts';
import { isAbortError } from '../processor.ts';
import type { ToolBehaviour, ToolOutcome, ToolRunner } from '../tools/tool-runner.ts';

/** What running a round's tool calls needs from the LLM processor. */
export interface ToolHost {
  tools: ToolRunner;
  /** Aborted by an interruption. */
  signal: AbortSignal;
  /** Aborted only when the call ends (background tools outlive interruptions). */
  lifetime: AbortSignal;
  time: CallClock;
  messages: LlmMessage[];
  notes: string[];
  push(frame: Frame): void;
  spawn(fn: () => Promise<void>): Promise<void>;
}

const interruptedResult = JSON.stringify({ error: 'cancelled: the caller interrupted' });

function parsedArguments(raw: string): unknown {
  try {
    return raw.trim() ? JSON.parse(raw) : {};
  } catch {
    return raw;
  }
}

async function safeRun(tools: ToolRunner, call: LlmToolCall, signal: AbortSignal): Promise<ToolOutcome> {
  try {
    return await tools.run(call, signal);
  } catch (e) {
    if (isAbortError(e) || signal.aborted) throw e;
    return { result: { error: `tool failed: ${(e as Error).message ?? String(e)}` } };
  }
}

/**
 * Run one round's tool calls in order: record each call and result as frames and feed results
 * back into the context. Background tools answer at once and deliver their result as a note for
 * a later LLM call.
 */
export async function runToolCalls(host: ToolHost, calls: LlmToolCall[]): Promise<{ terminal: boolean }> {
  let terminal = false;
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i]!;
    const b = host.tools.behaviour(call.name);
    const args = parsedArguments(call.arguments);
    const startMs = host.time.now();
    host.push({
      kind: 'system',
      type: 'tool.call',
      callId: call.id,
      name: call.name,
      arguments: args,
      atMs: startMs,
    });
    const toolMessage = (content: string): LlmMessage => ({
      role: 'tool',
      toolCallId: call.id,
      name: call.name,
      content,
    });
    if (b.background) {
      host.messages.push(
        toolMessage(JSON.stringify({ status: 'running in the background; the result will follow' })),
      );
      void host.spawn(async () => {
        const out = await safeRun(host.tools, call, host.lifetime);
        report(host, call, b, args, startMs, out);
        host.notes.push(`Result of ${call.name} (run in the background): ${JSON.stringify(out.result)}`);
      });
      continue;
    }
    let out: ToolOutcome;
    try {
      out = await safeRun(host.tools, call, host.signal);
    } catch (e) {
      // Every tool call in the context needs an answer, or the next request is invalid.
      for (const c of calls.slice(i))
        host.messages.push({ role: 'tool', toolCallId: c.id, name: c.name, content: interruptedResult });
      throw e;
    }
    report(host, call, b, args, startMs, out);
    host.messages.push(toolMessage(typeof out.result === 'string' ? out.result : JSON.stringify(out.result)));
    if (out.terminal) terminal = true;
  }
  return { terminal };
}

function report(
  host: ToolHost,
  call: LlmToolCall,
  b: ToolBehaviour,
  args: unknown,
  startMs: number,
  out: ToolOutcome,
): void {
  const endMs = host.time.now();
  host.push({
    kind: 'system',
    type: 'tool.result',
    callId: call.id,
    name: call.name,
    arguments: args,
    result: out.result,
    startMs,
    endMs,
  });
  host.push({
    kind: 'system',
    type: 'metric',
    name: b.metric?.name ?? `tool:${call.name}`,
    ms: endMs - startMs,
    provider: b.metric?.provider ?? 'tool',
  });
}
