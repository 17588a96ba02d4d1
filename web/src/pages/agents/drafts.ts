import type { Agent, LlmModel } from '../../api/types.ts';
import type { agentInputKeys, modelInputKeys } from './duplicate.ts';

export type AgentDraft = Pick<Agent, (typeof agentInputKeys)[number]>;
export type ModelDraft = Pick<LlmModel, (typeof modelInputKeys)[number]>;

/** What a new agent form starts with: the documented defaults (reference §4.3). */
export function newAgentDraft(): AgentDraft {
  return {
    name: '',
    llm_id: '',
    webhook_id: null,
    transcriber: { provider: 'deepgram', model: 'nova-3', language: 'en' },
    tts: { provider: '', credential_id: null, voice_id: '', speed: 1, stability: 0.5 },
    first_message: '',
    end_call_phrases: [],
    max_duration_seconds: 600,
    interruption_sensitivity: 0.5,
    silence_timeout_seconds: 10,
    enable_recording: false,
    language: 'en',
    dynamic_variables: {},
    voicemail_detection: false,
    voicemail_message: '',
    responsiveness: 0.5,
    speed: 1,
    background_sound: null,
    emotions: false,
    job_description: '',
    metadata: {},
  };
}

export function newModelDraft(): ModelDraft {
  return {
    name: 'Default model',
    provider: '',
    model: '',
    system_prompt: '',
    temperature: 0.7,
    max_tokens: null,
    tool_ids: [],
    knowledge_base_ids: [],
    custom_websocket_url: null,
    credential_id: null,
  };
}

export function pick<T extends object, K extends keyof T>(src: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) out[k] = src[k];
  return out;
}

/** Keys whose values differ (deep, by JSON). */
export function changedKeys<T extends object>(before: T, after: T): (keyof T)[] {
  return (Object.keys(after) as (keyof T)[]).filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
}

/** A PATCH body of the changed keys; empty strings on nullable text fields become null. */
export function patchBody<T extends object>(
  before: T,
  after: T,
  nullableText: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of changedKeys(before, after)) {
    const v = after[k];
    out[k as string] = v === '' && nullableText.includes(k as string) ? null : v;
  }
  return out;
}

/** Prefix every key of a field-error map (model errors shown inside the agent form). */
export function prefixed(errs: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(errs).map(([k, v]) => [`${prefix}${k}`, v]));
}
