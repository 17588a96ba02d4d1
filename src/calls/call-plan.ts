import type { Agent } from '../domain/agent/agent.ts';
import type { CallRecord } from '../domain/call/call.ts';
import type { ResolvedCredential } from '../domain/integration/integration.ts';
import type { LlmModel } from '../domain/llm-model/llm-model.ts';
import { offlineLlm } from '../domain/platform-defaults.ts';
import type { Tool } from '../domain/tool/tool.ts';
import { offlineVoiceId } from '../domain/voice/catalogue.ts';
import type { Voice } from '../domain/voice/voice.ts';
import { type CallConfig, resolveCallConfig } from '../pipeline/call-config.ts';
import type { TtsVoice } from '../pipeline/processors/tts.ts';
import type { KnowledgeSearch } from '../pipeline/tools/knowledge-tool.ts';
import type { ToolSpec } from '../pipeline/tools/tool-runner.ts';
import type { ProviderSelection } from '../providers/registry.ts';

/** The store reads a call's plan comes from (the domain services, narrowed). */
export interface CallPlanSources {
  agent(orgId: string, id: string): Promise<Agent>;
  model(orgId: string, id: string): Promise<LlmModel>;
  tool(orgId: string, id: string): Promise<Tool>;
  voice(orgId: string, id: string): Promise<Voice | undefined>;
  /** A credential by integration id. */
  credential(orgId: string, id: string): Promise<ResolvedCredential>;
  /** The workspace's own key for a provider (BYOK), if it added one. */
  workspaceCredential(orgId: string, provider: string): Promise<ResolvedCredential | undefined>;
  /** Knowledge bases of the model, when the knowledge-base engine is installed. */
  knowledge?: KnowledgeSource | undefined;
}

/** How a call reads its model's knowledge bases (the knowledge-base service's retriever, narrowed). */
export interface KnowledgeSource {
  promptContext(
    orgId: string,
    kbIds: readonly string[],
  ): Promise<{ mode: 'none' } | { mode: 'prompt'; text: string } | { mode: 'tool' }>;
  /** The `search_knowledge_base` tool bound to these KBs, answering with the top `k` passages. */
  searchTool(orgId: string, kbIds: readonly string[], k?: number): KnowledgeSearch;
}

/** Everything resolved for one call before it rings: engine config, provider choices, voice, knowledge. */
export interface CallPlan {
  /** Undefined for a message-only call whose agent is gone (an inbound voicemail route). */
  agent: Agent | undefined;
  config: CallConfig;
  llm: ProviderSelection;
  stt: ProviderSelection;
  tts: ProviderSelection;
  /** The provider's own voice for `config.tts.voiceId`. */
  voice: TtsVoice;
  /** The model's KBs when they are over the workspace's `kb_token_budget` (else they are in the prompt). */
  knowledge?: KnowledgeSearch;
}

/** A call that cannot be set up, with the reason to record (`provider_error` or `error`). */
export class CallSetupError extends Error {
  constructor(
    message: string,
    readonly reason: 'provider_error' | 'error' = 'error',
  ) {
    super(message);
    this.name = 'CallSetupError';
  }
}

const epoch = new Date(0).toISOString();
const messageModel: LlmModel = {
  id: 'llm_message_only',
  name: 'Message only',
  provider: offlineLlm.provider,
  model: offlineLlm.model,
  system_prompt: '',
  temperature: 0,
  max_tokens: null,
  tool_ids: [],
  knowledge_base_ids: [],
  custom_websocket_url: null,
  credential_id: null,
  created_at: epoch,
  updated_at: epoch,
};

/** A stand-in agent for a message-only call: offline voice, never records, ends after the message. */
function messageAgent(id: string): Agent {
  return {
    id,
    name: 'Voicemail',
    llm_id: messageModel.id,
    webhook_id: null,
    transcriber: { provider: 'deepgram', model: 'nova-3', language: 'en' },
    tts: { provider: 'flite', credential_id: null, voice_id: offlineVoiceId, speed: 1, stability: 0.5 },
    first_message: null,
    end_call_phrases: [],
    max_duration_seconds: 120,
    interruption_sensitivity: 0,
    silence_timeout_seconds: 30,
    enable_recording: false,
    language: 'en',
    dynamic_variables: {},
    voicemail_detection: false,
    voicemail_message: null,
    responsiveness: 0.5,
    speed: 1,
    background_sound: null,
    emotions: false,
    job_description: null,
    metadata: {},
    created_at: epoch,
    updated_at: epoch,
  };
}

/** STT providers whose keys live in another provider's integration. */
const credentialProvider: Record<string, string> = { whisper: 'openai' };

function toolSpec(t: Tool): ToolSpec {
  return {
    name: t.name,
    type: t.type,
    description: t.description,
    url: t.url,
    method: t.method,
    headers: t.headers,
    parameters: t.parameters.map((p) => ({
      name: p.name,
      required: p.required,
      description: p.description,
      ...(p.type ? { type: p.type } : {}),
      ...(p.enum ? { enum: p.enum } : {}),
    })),
    transfer_to: t.transfer_to,
    run_in_background: t.run_in_background,
    speak_during_execution: t.speak_during_execution,
    extraction_schema: t.extraction_schema,
    timeout_seconds: t.timeout_seconds,
    messaging_config: t.messaging_config,
    calendar_config: t.calendar_config,
    credential_id: t.credential_id,
  };
}

/** Await all of `ps`; if any failed, throw the first failure in their order, not in time. */
async function inOrder<T extends readonly unknown[]>(ps: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(ps);
  for (const r of settled) if (r.status === 'rejected') throw r.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * Resolves a call's agent, model, tools, voice, credentials and knowledge into a CallPlan, applying
 * the call's `overrides` and `variables`. Anything missing is a CallSetupError naming it.
 */
export class CallPlanner {
  constructor(private readonly s: CallPlanSources) {}

  async plan(call: CallRecord, agentId = call.agent_id): Promise<CallPlan> {
    const org = call.org_id;
    const agent = await this.s.agent(org, agentId).catch(() => {
      throw new CallSetupError(`Agent ${agentId} no longer exists.`);
    });
    const model = await this.s.model(org, agent.llm_id).catch(() => {
      throw new CallSetupError(`Model ${agent.llm_id} of agent ${agent.id} no longer exists.`);
    });
    const tools = await Promise.all(
      model.tool_ids.map((id) =>
        this.s.tool(org, id).catch(() => {
          throw new CallSetupError(`Tool ${id} of model ${model.id} no longer exists.`);
        }),
      ),
    );
    const config = resolveCallConfig({
      agent,
      model,
      tools: tools.map(toolSpec),
      variables: call.variables,
      overrides: call.overrides,
    });
    const voice = await this.s.voice(org, config.tts.voiceId);
    if (!voice) throw new CallSetupError(`Voice ${config.tts.voiceId} no longer exists.`, 'provider_error');
    if (voice.provider !== config.tts.provider)
      throw new CallSetupError(
        `Voice ${voice.id} is a ${voice.provider} voice, but the text-to-speech provider is ${config.tts.provider}.`,
        'provider_error',
      );
    // The three lookups at once (one wait instead of three while calls are set up in a burst); a
    // failure is reported in this order whichever settles first.
    const [llm, stt, tts] = await inOrder([
      this.selection(org, config.llm.provider, model.credential_id),
      this.selection(org, config.transcriber.provider, null),
      this.selection(org, config.tts.provider, agent.tts.credential_id ?? voice.credential_id),
    ]);
    const plan: CallPlan = {
      agent,
      config,
      llm,
      stt,
      tts,
      voice: {
        voice: voice.provider_voice_id,
        speed: config.tts.speed,
        stability: config.tts.stability,
        language: config.transcriber.language,
        ...((config.tts.model ?? voice.model) ? { model: (config.tts.model ?? voice.model)! } : {}),
      },
    };
    await this.addKnowledge(plan, org, model.knowledge_base_ids);
    return plan;
  }

  private async selection(
    org: string,
    provider: string,
    credentialId: string | null,
  ): Promise<ProviderSelection> {
    const cred = credentialId
      ? await this.s.credential(org, credentialId).catch(() => {
          throw new CallSetupError(
            `Integration ${credentialId} for ${provider} no longer exists.`,
            'provider_error',
          );
        })
      : await this.s.workspaceCredential(org, credentialProvider[provider] ?? provider);
    return cred ? { provider, credential: { apiKey: cred.apiKey, metadata: cred.metadata } } : { provider };
  }

  /**
   * The plan of the call's agent, or — when the agent is gone — the platform's offline voice and
   * brain, for calls that only speak a message (an inbound number's voicemail message).
   */
  async planOrDefault(call: CallRecord): Promise<CallPlan> {
    try {
      return await this.plan(call);
    } catch (e) {
      if (!(e instanceof CallSetupError)) throw e;
      return {
        agent: undefined,
        config: resolveCallConfig({
          agent: messageAgent(call.agent_id),
          model: messageModel,
          tools: [],
          variables: call.variables,
        }),
        llm: { provider: offlineLlm.provider },
        stt: { provider: 'deepgram' },
        tts: { provider: 'flite' },
        voice: { voice: 'kal' },
      };
    }
  }

  /**
   * Knowledge bases within the workspace's `kb_token_budget` go into the system prompt; larger
   * ones are offered to the LLM as the search_knowledge_base tool (top 3 passages per search).
   */
  private async addKnowledge(plan: CallPlan, org: string, kbIds: readonly string[]): Promise<void> {
    const kb = this.s.knowledge;
    if (!kb || kbIds.length === 0) return;
    const ctx = await kb.promptContext(org, kbIds);
    if (ctx.mode === 'prompt') plan.config.systemPrompt = `${plan.config.systemPrompt}\n\n${ctx.text}`;
    else if (ctx.mode === 'tool') plan.knowledge = kb.searchTool(org, kbIds, 3);
  }
}
