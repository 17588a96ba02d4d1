import { errors } from '../errors.ts';
import { isId, newId } from '../ids.ts';
import type { PlatformDefaults } from '../platform-defaults.ts';
import { assertExists, type ReferenceLookup } from '../references.ts';
import type { LlmModel, LlmModelPatch, LlmModelRepo } from './llm-model.ts';

export interface CreateLlmModelInput {
  name?: string | undefined;
  provider?: string | undefined;
  model?: string | undefined;
  system_prompt?: string | undefined;
  temperature?: number | undefined;
  max_tokens?: number | null | undefined;
  tool_ids?: string[] | undefined;
  knowledge_base_ids?: string[] | undefined;
  custom_websocket_url?: string | null | undefined;
  credential_id?: string | null | undefined;
}

/** CRUD for LLM models, with reference checks and the 409-on-delete rule (decisions §1). */
export class LlmModelService {
  constructor(
    private readonly repo: LlmModelRepo,
    private readonly refs: ReferenceLookup,
    private readonly defaults: PlatformDefaults,
  ) {}

  async create(orgId: string, input: CreateLlmModelInput): Promise<LlmModel> {
    await this.checkRefs(orgId, input);
    const d = this.defaults.llm;
    const provider = input.provider ?? d.provider;
    if (provider === 'custom' && !input.custom_websocket_url)
      throw errors.invalidField(
        ['body', 'custom_websocket_url'],
        'VALIDATION_ERROR',
        'custom_websocket_url is required for the custom provider',
      );
    return this.repo.insert(orgId, {
      id: newId('llmModel'),
      name: input.name ?? d.name,
      provider,
      model: input.model ?? (provider === d.provider ? d.model : defaultModelFor(provider)),
      system_prompt: input.system_prompt ?? d.systemPrompt,
      temperature: input.temperature ?? d.temperature,
      max_tokens: input.max_tokens ?? null,
      tool_ids: input.tool_ids ?? [],
      knowledge_base_ids: input.knowledge_base_ids ?? [],
      custom_websocket_url: input.custom_websocket_url ?? null,
      credential_id: input.credential_id ?? null,
    });
  }

  async get(orgId: string, id: string): Promise<LlmModel> {
    const m = isId('llmModel', id) ? await this.repo.get(orgId, id) : undefined;
    if (!m) throw errors.notFound('llmModel', id);
    return m;
  }

  list(orgId: string, page: { limit: number; offset: number }) {
    return this.repo.list(orgId, page);
  }

  async update(orgId: string, id: string, patch: LlmModelPatch): Promise<LlmModel> {
    await this.get(orgId, id);
    await this.checkRefs(orgId, patch);
    const m = await this.repo.update(orgId, id, patch);
    if (!m) throw errors.notFound('llmModel', id);
    return m;
  }

  async delete(orgId: string, id: string): Promise<void> {
    await this.get(orgId, id);
    const agents = await this.repo.agentsUsing(orgId, id);
    if (agents.length > 0)
      throw errors.conflict(
        `Model '${id}' is used by ${agents.length} agent(s); reassign or delete them first.`,
        { agent_ids: agents },
      );
    await this.repo.delete(orgId, id);
  }

  private async checkRefs(
    orgId: string,
    input: {
      tool_ids?: string[] | null | undefined;
      knowledge_base_ids?: string[] | null | undefined;
      credential_id?: string | null | undefined;
    },
  ) {
    await assertExists(this.refs, orgId, 'tool', input.tool_ids ?? []);
    await assertExists(this.refs, orgId, 'knowledgeBase', input.knowledge_base_ids ?? []);
    await assertExists(this.refs, orgId, 'integration', [input.credential_id]);
  }
}

/** A sensible model name per provider when only the provider is given. */
export function defaultModelFor(provider: string): string {
  switch (provider) {
    case 'anthropic':
      return 'claude-haiku-4-5';
    case 'groq':
      return 'llama-3.3-70b-versatile';
    case 'shisa':
      return 'shisa-v2-llama3.3-70b';
    case 'offline':
      return 'parley-offline-brain';
    case 'custom':
      return 'custom';
    default:
      return 'gpt-4o-mini';
  }
}
