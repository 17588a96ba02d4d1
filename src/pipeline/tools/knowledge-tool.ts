import { z } from 'zod';
import type { LlmToolCall, LlmToolDef } from '../../providers/llm/llm.ts';
import { parseArguments, type ToolBehaviour, type ToolOutcome, type ToolRunner } from './tool-runner.ts';

/**
 * A call's knowledge-base search, bound to its model's knowledge bases: offered to the LLM as the
 * automatic `search_knowledge_base` tool when the KBs are over the workspace's token budget.
 */
export interface KnowledgeSearch {
  /** How passages are found (`fulltext` | `hybrid`): the provider of the call's `kb` latency events. */
  readonly name: string;
  /** The tool the model is offered (one string parameter, `query`). */
  readonly definition: LlmToolDef;
  /** The tool result for a query: the top passages, formatted for the model. */
  search(query: string, signal: AbortSignal): Promise<string>;
}

const searchArguments = z.object({ query: z.string().trim().min(1).max(2000) });

/**
 * The model's own tools plus `search_knowledge_base`. Each search is timed as a `kb` latency event
 * (not `tool:<name>`); its result goes back to the model as plain text. The automatic tool
 * shadows a model tool of the same name.
 */
export class KnowledgeToolRunner implements ToolRunner {
  private defs: LlmToolDef[] | undefined;
  private readonly searchBehaviour: ToolBehaviour;

  constructor(
    private readonly inner: ToolRunner,
    private readonly kb: KnowledgeSearch,
  ) {
    this.searchBehaviour = { background: false, metric: { name: 'kb', provider: kb.name } };
  }

  definitions(): LlmToolDef[] {
    // Fixed for the whole call, and asked for on every LLM request.
    this.defs ??= [
      ...this.inner.definitions().filter((d) => d.name !== this.kb.definition.name),
      this.kb.definition,
    ];
    return this.defs;
  }

  behaviour(name: string): ToolBehaviour {
    return name === this.kb.definition.name ? this.searchBehaviour : this.inner.behaviour(name);
  }

  async run(call: LlmToolCall, signal: AbortSignal): Promise<ToolOutcome> {
    if (call.name !== this.kb.definition.name) return this.inner.run(call, signal);
    const parsed = parseArguments(call.arguments);
    const args = parsed.ok ? searchArguments.safeParse(parsed.args) : undefined;
    if (!args?.success)
      return { result: { error: 'pass {"query": "<what to look up>"} with a non-empty query' } };
    const text = await this.kb.search(args.data.query, signal);
    // A search is not cancellable mid-query; an interruption meanwhile still drops its result.
    signal.throwIfAborted();
    return { result: text };
  }
}
