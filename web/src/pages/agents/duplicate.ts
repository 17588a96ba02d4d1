import { api } from '../../api/client.ts';
import type { Agent, LlmModel } from '../../api/types.ts';

/** Agent fields a client may send on create (read-only ones left out). */
export const agentInputKeys = [
  'name',
  'llm_id',
  'webhook_id',
  'transcriber',
  'tts',
  'first_message',
  'end_call_phrases',
  'max_duration_seconds',
  'interruption_sensitivity',
  'silence_timeout_seconds',
  'enable_recording',
  'language',
  'dynamic_variables',
  'voicemail_detection',
  'voicemail_message',
  'responsiveness',
  'speed',
  'background_sound',
  'emotions',
  'job_description',
  'metadata',
] as const satisfies readonly (keyof Agent)[];

export const modelInputKeys = [
  'name',
  'provider',
  'model',
  'system_prompt',
  'temperature',
  'max_tokens',
  'tool_ids',
  'knowledge_base_ids',
  'custom_websocket_url',
  'credential_id',
] as const satisfies readonly (keyof LlmModel)[];

/** The create body for `src`: only the input keys, nulls dropped (create fields are optional, not nullable). */
export function createBody<T extends object>(src: T, keys: readonly (keyof T)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (src[k] !== null && src[k] !== undefined) out[k as string] = src[k];
  return out;
}

/** Copy an agent and its model, so editing the copy's prompt never changes the original. */
export async function duplicateAgent(a: Agent): Promise<Agent> {
  const model = await api<LlmModel>('GET', `/v1/models/${a.llm_id}`);
  const modelCopy = await api<LlmModel>('POST', '/v1/models', {
    body: { ...createBody(model, modelInputKeys), name: `${model.name} (copy)`.slice(0, 255) },
  });
  return api<Agent>('POST', '/v1/agents', {
    body: { ...createBody(a, agentInputKeys), name: `${a.name} (copy)`.slice(0, 255), llm_id: modelCopy.id },
  });
}
