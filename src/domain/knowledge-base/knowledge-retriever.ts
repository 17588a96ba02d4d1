import type { Embeddings } from '../../providers/embeddings/embeddings.ts';
import type { KbPassage, KbSearchRepo } from './kb-index.ts';

/**
 * How a call uses its model's knowledge bases (reference §4.6): all content inline in the system
 * prompt while it fits the workspace `kb_token_budget`, else the `search_knowledge_base` tool.
 */
export type KbPromptContext =
  | { mode: 'none' }
  | { mode: 'prompt'; text: string; tokens: number }
  | { mode: 'tool'; tokens: number };

/** What the call engine uses; one instance serves every call. */
export interface KnowledgeRetriever {
  /** Decide the mode for these KBs; `tokenBudget` defaults to the workspace's `kb_token_budget`. */
  promptContext(orgId: string, kbIds: readonly string[], tokenBudget?: number): Promise<KbPromptContext>;
  /** Best passages for a query, best first (hybrid full-text + vector ranking when vectors exist). */
  search(orgId: string, kbIds: readonly string[], query: string, k?: number): Promise<KbPassage[]>;
  /** The `search_knowledge_base` tool of one call, bound to its model's KBs (the call engine's `KnowledgeSearch`). */
  searchTool(orgId: string, kbIds: readonly string[], k?: number): KnowledgeSearchTool;
}

export interface KnowledgeSearchTool {
  /** `hybrid` with vectors, else `fulltext`: the provider of the call's `kb` latency events. */
  readonly name: 'hybrid' | 'fulltext';
  readonly definition: typeof searchKnowledgeBaseTool;
  /** The tool result: the top `k` passages for the query, formatted with `formatPassages`. */
  search(query: string): Promise<string>;
}

/** The tool the LLM gets in `tool` mode (OpenAI function shape; arguments validated by the engine). */
export const searchKnowledgeBaseTool = {
  name: 'search_knowledge_base',
  description:
    "Search the company's knowledge base for facts needed to answer the caller (policies, prices, hours, product details). Call it before answering any question the conversation has not already covered.",
  parameters: {
    type: 'object',
    properties: {
      query: { type: 'string', description: "What to look up, in the caller's words plus key terms" },
    },
    required: ['query'],
    additionalProperties: false,
  },
} as const;

/** Tool result text: numbered passages with where they came from. */
export function formatPassages(passages: KbPassage[]): string {
  if (passages.length === 0) return 'No matching passages were found in the knowledge base.';
  return passages.map((p, i) => `[${i + 1}]${p.locator ? ` (${p.locator})` : ''} ${p.content}`).join('\n\n');
}

/** Reciprocal-rank fusion constant: 60 is the usual value; it damps the weight of the very top ranks. */
const rrfK = 60;

/** Rank fusion of several best-first lists (the lists' raw scores are not comparable). */
export function fuseRankings(lists: KbPassage[][], k: number): KbPassage[] {
  const fused = new Map<string, { p: KbPassage; score: number }>();
  for (const list of lists)
    list.forEach((p, rank) => {
      const cur = fused.get(p.chunk_id) ?? { p, score: 0 };
      cur.score += 1 / (rrfK + rank + 1);
      fused.set(p.chunk_id, cur);
    });
  return [...fused.values()]
    .sort((a, b) => b.score - a.score)
    .slice(0, k)
    .map(({ p, score }) => ({ ...p, score }));
}

export class KnowledgeRetrievalService implements KnowledgeRetriever {
  constructor(
    private readonly repo: KbSearchRepo,
    /** Present when an embeddings provider is configured and the store has pgvector. */
    private readonly embeddings: Embeddings | undefined,
    private readonly onEmbeddingError: (e: unknown) => void = () => {},
  ) {}

  async promptContext(
    orgId: string,
    kbIds: readonly string[],
    tokenBudget?: number,
  ): Promise<KbPromptContext> {
    if (kbIds.length === 0) return { mode: 'none' };
    const tokens = await this.repo.tokenTotal(orgId, kbIds);
    if (tokens === 0) return { mode: 'none' };
    const budget = tokenBudget ?? (await this.repo.tokenBudget(orgId));
    if (tokens > budget) return { mode: 'tool', tokens };
    const sources = await this.repo.ingestedSources(orgId, kbIds);
    const body = sources.map((s) => (s.label ? `## ${s.label}\n${s.content}` : s.content)).join('\n\n');
    return {
      mode: 'prompt',
      tokens,
      text: `# Knowledge base\nUse this reference material to answer questions; say so when it does not cover something.\n\n${body}`,
    };
  }

  searchTool(orgId: string, kbIds: readonly string[], k = 3): KnowledgeSearchTool {
    return {
      name: this.embeddings ? 'hybrid' : 'fulltext',
      definition: searchKnowledgeBaseTool,
      search: async (query) => formatPassages(await this.search(orgId, kbIds, query, k)),
    };
  }

  async search(orgId: string, kbIds: readonly string[], query: string, k = 3): Promise<KbPassage[]> {
    if (kbIds.length === 0 || query.trim() === '') return [];
    const pool = Math.max(k * 4, 20);
    const text = await this.repo.fullText(orgId, kbIds, query, pool);
    if (!this.embeddings) return text.slice(0, k);
    let vector: KbPassage[] = [];
    try {
      const [v] = await this.embeddings.embed([query]);
      vector = await this.repo.nearest(orgId, kbIds, v!, this.embeddings.model, pool);
    } catch (e) {
      // Full-text search still answers when the embeddings provider is down.
      this.onEmbeddingError(e);
    }
    return vector.length === 0 ? text.slice(0, k) : fuseRankings([text, vector], k);
  }
}
