import type { Agent } from '../domain/agent/agent.ts';
import type { CallRecord } from '../domain/call/call.ts';
import type { ResolvedCredential } from '../domain/integration/integration.ts';
import type { LlmModel } from '../domain/llm-model/llm-model.ts';
import type { AnalysisLlm } from '../domain/post-call/call-analyzer.ts';
import type { CallProfileSource } from '../domain/post-call/call-finalizer.ts';
import type { CallProfile } from '../domain/post-call/usage-estimate.ts';
import { resolveCallConfig } from '../pipeline/call-config.ts';
import type { Llm } from '../providers/llm/llm.ts';
import type { ProviderSelection } from '../providers/registry.ts';

/** Store reads and the provider registry, narrowed to what post-call needs. */
export interface CallProfileSources {
  agent(orgId: string, id: string): Promise<Agent>;
  model(orgId: string, id: string): Promise<LlmModel>;
  credential(orgId: string, id: string): Promise<ResolvedCredential>;
  /** The workspace's own key for a provider (BYOK), if it added one. */
  workspaceCredential(orgId: string, provider: string): Promise<ResolvedCredential | undefined>;
  /** Build an LLM adapter (the ProviderRegistry); throws ProviderConfigError without a key. */
  llm(sel: ProviderSelection): Llm;
}

/**
 * A call's providers from its agent and model with the call's overrides applied (as the engine
 * resolved them), and the agent's own LLM for the analysis: the workspace's credential when the
 * model names one or the workspace added a key for the provider, else the platform key.
 */
export class AgentCallProfiles implements CallProfileSource {
  constructor(private readonly s: CallProfileSources) {}

  async forCall(call: CallRecord): Promise<{ profile: CallProfile; llm: AnalysisLlm } | undefined> {
    const org = call.org_id;
    const agent = await this.s.agent(org, call.agent_id).catch(() => undefined);
    const model = agent && (await this.s.model(org, agent.llm_id).catch(() => undefined));
    if (!agent || !model) return undefined;
    const config = resolveCallConfig({
      agent,
      model,
      tools: [],
      variables: call.variables,
      overrides: call.overrides,
    });
    const profile: CallProfile = {
      llm: { provider: config.llm.provider, model: config.llm.model, credentialId: model.credential_id },
      stt: { provider: config.transcriber.provider, model: config.transcriber.model },
      tts: { provider: config.tts.provider, model: config.tts.model },
      systemPrompt: config.systemPrompt,
    };
    return { profile, llm: await this.analysisLlm(org, profile.llm) };
  }

  private async analysisLlm(org: string, llm: CallProfile['llm']): Promise<AnalysisLlm> {
    if (llm.provider === 'offline')
      return {
        unavailable:
          'The agent uses the offline demo brain, which cannot analyse calls; give its model a real LLM provider (e.g. set OPENAI_API_KEY) for LLM analysis.',
      };
    try {
      const cred = llm.credentialId
        ? await this.s.credential(org, llm.credentialId)
        : await this.s.workspaceCredential(org, llm.provider);
      const sel: ProviderSelection = cred
        ? {
            provider: llm.provider,
            model: llm.model,
            credential: { apiKey: cred.apiKey, metadata: cred.metadata },
          }
        : { provider: llm.provider, model: llm.model };
      return { llm: this.s.llm(sel), model: llm.model };
    } catch (e) {
      return { unavailable: `No LLM for the analysis: ${(e as Error).message}` };
    }
  }
}
