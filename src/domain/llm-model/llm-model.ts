/** The "brain": prompt, provider/model, tools and knowledge bases; shared by agents via `llm_id`. */
export interface LlmModel {
  id: string;
  name: string;
  provider: string;
  model: string;
  system_prompt: string;
  temperature: number;
  max_tokens: number | null;
  tool_ids: string[];
  knowledge_base_ids: string[];
  custom_websocket_url: string | null;
  credential_id: string | null;
  created_at: string;
  updated_at: string;
}

/** LLM providers a model may name; `offline` is the keyless demo brain. */
export const llmProviders = ['openai', 'anthropic', 'groq', 'shisa', 'custom', 'offline'] as const;
export type LlmProvider = (typeof llmProviders)[number];

export type NewLlmModel = Omit<LlmModel, 'created_at' | 'updated_at'>;
export type LlmModelPatch = Partial<Omit<LlmModel, 'id' | 'created_at' | 'updated_at'>>;

export interface LlmModelRepo {
  insert(orgId: string, m: NewLlmModel): Promise<LlmModel>;
  get(orgId: string, id: string): Promise<LlmModel | undefined>;
  list(orgId: string, page: { limit: number; offset: number }): Promise<{ items: LlmModel[]; total: number }>;
  update(orgId: string, id: string, patch: LlmModelPatch): Promise<LlmModel | undefined>;
  delete(orgId: string, id: string): Promise<boolean>;
  /** Ids of agents that use this model. */
  agentsUsing(orgId: string, id: string): Promise<string[]>;
}
