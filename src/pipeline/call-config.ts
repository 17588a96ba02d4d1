import { type Agent, effectiveSystemPrompt } from '../domain/agent/agent.ts';
import type { CallOverrides } from '../domain/call/call.ts';
import type { LlmModel } from '../domain/llm-model/llm-model.ts';
import { callVariables, renderTemplate } from './template.ts';
import type { ToolSpec } from './tools/tool-runner.ts';

/** Everything one call's engine needs, after per-call overrides and variables are applied. */
export interface CallConfig {
  agentId: string;
  /** `# Role` + job description + model prompt, variables filled. */
  systemPrompt: string;
  /** Spoken first and uninterruptibly; null = wait for the caller. */
  firstMessage: string | null;
  llm: { provider: string; model: string; temperature: number; maxTokens: number | null };
  transcriber: { provider: string; model: string; language: string };
  /** `voice_id` is Parley's `vc_…` id; the session's owner maps it to the provider's voice. */
  tts: { provider: string; voiceId: string; model: string | null; speed: number; stability: number };
  responsiveness: number;
  interruptionSensitivity: number;
  endCallPhrases: string[];
  silenceTimeoutSeconds: number;
  maxDurationSeconds: number;
  enableRecording: boolean;
  variables: Record<string, unknown>;
  tools: ToolSpec[];
}

export interface CallConfigInput {
  agent: Agent;
  model: LlmModel;
  /** The model's tools (`tool_ids`), in order. */
  tools: readonly ToolSpec[];
  /** The call's `variables`, overriding the agent's `dynamic_variables`. */
  variables?: Record<string, unknown>;
  overrides?: CallOverrides;
}

const pick = <T>(over: T | undefined, base: T): T => (over === undefined ? base : over);

/**
 * Merge per-call `overrides` over the stored agent and model (pure): llm {provider, model,
 * temperature, system_prompt}, transcriber {provider, model, language}, tts {provider, voice_id,
 * model, speed, stability}, first_message. The agent's top-level `speed` overrides `tts.speed`
 * when it is not the default 1; an explicit `overrides.tts.speed` wins over both.
 */
export function resolveCallConfig(input: CallConfigInput): CallConfig {
  const { agent, model, overrides: o = {} } = input;
  const variables = callVariables(agent.dynamic_variables, input.variables);
  const prompt = pick(o.llm?.system_prompt, model.system_prompt);
  const first = pick(o.first_message, agent.first_message ?? undefined);
  const speed = pick(o.tts?.speed, agent.speed !== 1 ? agent.speed : agent.tts.speed);
  return {
    agentId: agent.id,
    systemPrompt: renderTemplate(effectiveSystemPrompt(agent.job_description, prompt), variables),
    firstMessage: first?.trim() ? renderTemplate(first, variables) : null,
    llm: {
      provider: pick(o.llm?.provider, model.provider),
      model: pick(o.llm?.model, model.model),
      temperature: pick(o.llm?.temperature, model.temperature),
      maxTokens: model.max_tokens,
    },
    transcriber: {
      provider: pick(o.transcriber?.provider, agent.transcriber.provider),
      model: pick(o.transcriber?.model, agent.transcriber.model),
      language: pick(o.transcriber?.language, agent.transcriber.language || agent.language),
    },
    tts: {
      provider: pick(o.tts?.provider, agent.tts.provider),
      voiceId: pick(o.tts?.voice_id, agent.tts.voice_id),
      model: pick(o.tts?.model, null),
      speed,
      stability: pick(o.tts?.stability, agent.tts.stability),
    },
    responsiveness: agent.responsiveness,
    interruptionSensitivity: agent.interruption_sensitivity,
    endCallPhrases: [...agent.end_call_phrases],
    silenceTimeoutSeconds: agent.silence_timeout_seconds,
    maxDurationSeconds: agent.max_duration_seconds,
    enableRecording: agent.enable_recording,
    variables,
    tools: [...input.tools],
  };
}
