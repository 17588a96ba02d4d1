import { errors } from '../errors.ts';
import { isId, newId } from '../ids.ts';
import type { LlmModelService } from '../llm-model/llm-model-service.ts';
import type { PlatformDefaults } from '../platform-defaults.ts';
import { assertExists, type ReferenceLookup } from '../references.ts';
import type { VoiceLookup } from '../voice/voice.ts';
import {
  type Agent,
  type AgentPatch,
  type AgentRepo,
  type AgentTts,
  type AgentView,
  effectiveSystemPrompt,
  type Transcriber,
} from './agent.ts';

type Opt<T> = { [K in keyof T]?: T[K] | undefined };
/** Create body: only `name` is required; nested objects may be partial. */
export type CreateAgentInput = Opt<
  Omit<Agent, 'id' | 'created_at' | 'updated_at' | 'tts' | 'transcriber'>
> & {
  name: string;
  tts?: Opt<AgentTts> | undefined;
  transcriber?: Opt<Transcriber> | undefined;
};
/** Patch body: every field optional; nullable ones may be cleared with null. */
export type UpdateAgentInput = { [K in keyof CreateAgentInput]?: CreateAgentInput[K] | null | undefined };

const nullable = [
  'webhook_id',
  'first_message',
  'voicemail_message',
  'background_sound',
  'job_description',
] as const;

/** Agents: defaults (reference §4.3), auto-created model, voice and reference checks. */
export class AgentService {
  constructor(
    private readonly repo: AgentRepo,
    private readonly models: LlmModelService,
    private readonly voices: VoiceLookup,
    private readonly refs: ReferenceLookup,
    private readonly defaults: PlatformDefaults,
  ) {}

  async create(orgId: string, input: CreateAgentInput): Promise<AgentView> {
    if (input.llm_id) await this.models.get(orgId, input.llm_id);
    await assertExists(this.refs, orgId, 'webhook', [input.webhook_id]);
    const tts = await this.resolveTts(orgId, input.tts, undefined);
    const language = input.language ?? input.transcriber?.language ?? this.defaults.transcriber.language;
    const llmId = input.llm_id ?? (await this.models.create(orgId, {})).id;
    const agent = await this.repo.insert(orgId, {
      id: newId('agent'),
      name: input.name,
      llm_id: llmId,
      webhook_id: input.webhook_id ?? null,
      transcriber: {
        provider: input.transcriber?.provider ?? this.defaults.transcriber.provider,
        model: input.transcriber?.model ?? this.defaults.transcriber.model,
        language: input.transcriber?.language ?? language,
      },
      tts,
      first_message: input.first_message ?? null,
      end_call_phrases: input.end_call_phrases ?? [],
      max_duration_seconds: input.max_duration_seconds ?? 600,
      interruption_sensitivity: input.interruption_sensitivity ?? 0.5,
      silence_timeout_seconds: input.silence_timeout_seconds ?? 10,
      enable_recording: input.enable_recording ?? false,
      language,
      dynamic_variables: input.dynamic_variables ?? {},
      voicemail_detection: input.voicemail_detection ?? false,
      voicemail_message: input.voicemail_message ?? null,
      responsiveness: input.responsiveness ?? 0.5,
      speed: input.speed ?? 1,
      background_sound: input.background_sound ?? null,
      emotions: input.emotions ?? false,
      job_description: input.job_description ?? null,
      metadata: input.metadata ?? {},
    });
    return this.view(orgId, agent);
  }

  /** The stored agent (no effective prompt); for other services. */
  async getAgent(orgId: string, id: string): Promise<Agent> {
    const a = isId('agent', id) ? await this.repo.get(orgId, id) : undefined;
    if (!a) throw errors.notFound('agent', id);
    return a;
  }

  async get(orgId: string, id: string): Promise<AgentView> {
    return this.view(orgId, await this.getAgent(orgId, id));
  }

  async list(orgId: string, page: { limit: number; offset: number }) {
    const { items, total } = await this.repo.list(orgId, page);
    return { items: items.map((a) => ({ ...a, effective_system_prompt: null })), total };
  }

  async update(orgId: string, id: string, input: UpdateAgentInput): Promise<AgentView> {
    const current = await this.getAgent(orgId, id);
    const patch: AgentPatch = {};
    for (const [k, v] of Object.entries(input)) {
      if (v === undefined || k === 'tts' || k === 'transcriber') continue;
      if (v === null && !(nullable as readonly string[]).includes(k)) continue;
      (patch as Record<string, unknown>)[k] = v;
    }
    if (input.llm_id) await this.models.get(orgId, input.llm_id);
    if (input.webhook_id) await assertExists(this.refs, orgId, 'webhook', [input.webhook_id]);
    if (input.tts) patch.tts = await this.resolveTts(orgId, input.tts, current.tts);
    if (input.transcriber)
      patch.transcriber = { ...current.transcriber, ...dropUndefined(input.transcriber) } as Transcriber;
    if (input.language && !input.transcriber?.language)
      patch.transcriber = { ...(patch.transcriber ?? current.transcriber), language: input.language };
    const updated = await this.repo.update(orgId, id, patch);
    if (!updated) throw errors.notFound('agent', id);
    return this.view(orgId, updated);
  }

  async delete(orgId: string, id: string): Promise<void> {
    await this.getAgent(orgId, id);
    const numbers = await this.repo.phoneNumbersUsing(orgId, id);
    if (numbers.length > 0)
      throw errors.conflict(
        `Agent '${id}' is assigned to ${numbers.length} phone number(s); reassign them first.`,
        {
          phone_number_ids: numbers,
        },
      );
    await this.repo.delete(orgId, id);
  }

  private async view(orgId: string, agent: Agent): Promise<AgentView> {
    const model = await this.models.get(orgId, agent.llm_id);
    return {
      ...agent,
      effective_system_prompt: effectiveSystemPrompt(agent.job_description, model.system_prompt),
    };
  }

  /** Merge a (partial) tts object over the current one; the voice must be a `vc_…` id this workspace can use. */
  private async resolveTts(
    orgId: string,
    input: Opt<AgentTts> | null | undefined,
    current: AgentTts | undefined,
  ): Promise<AgentTts> {
    const base: AgentTts = current ?? {
      provider: this.defaults.tts.provider,
      credential_id: null,
      voice_id: this.defaults.tts.voiceId,
      speed: 1,
      stability: 0.5,
    };
    const merged = { ...base, ...dropUndefined(input ?? {}) } as AgentTts;
    if (input?.voice_id !== undefined || input?.provider !== undefined) {
      if (input.voice_id === undefined && input.provider !== base.provider)
        throw errors.invalidField(
          ['body', 'tts', 'voice_id'],
          'VALIDATION_ERROR',
          'tts.voice_id is required when changing tts.provider',
        );
      const voice = await this.voices.find(orgId, merged.voice_id);
      if (!voice)
        throw errors.invalidField(
          ['body', 'tts', 'voice_id'],
          'VOICE_NOT_FOUND',
          `Voice '${merged.voice_id}' not found. Use a Parley voice id (vc_…) from GET /v1/voices, not the provider's voice id.`,
        );
      if (input.provider !== undefined && input.provider !== voice.provider)
        throw errors.invalidField(
          ['body', 'tts', 'provider'],
          'VALIDATION_ERROR',
          `Voice '${voice.id}' belongs to provider '${voice.provider}', not '${input.provider}'.`,
        );
      merged.provider = voice.provider;
      if (input.credential_id === undefined && voice.credential_id)
        merged.credential_id = voice.credential_id;
    }
    await assertExists(this.refs, orgId, 'integration', [merged.credential_id]);
    return merged;
  }
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
