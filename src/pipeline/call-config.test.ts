import { describe, expect, it } from 'vitest';
import type { Agent } from '../domain/agent/agent.ts';
import type { LlmModel } from '../domain/llm-model/llm-model.ts';
import { resolveCallConfig } from './call-config.ts';

const agent: Agent = {
  id: 'agt_1',
  name: 'Front desk',
  llm_id: 'llm_1',
  webhook_id: null,
  transcriber: { provider: 'deepgram', model: 'nova-3', language: 'en' },
  tts: { provider: 'flite', credential_id: null, voice_id: 'vc_kal', speed: 1, stability: 0.5 },
  first_message: 'Hi {{name}}, this is {company}.',
  end_call_phrases: ['goodbye'],
  max_duration_seconds: 600,
  interruption_sensitivity: 0.5,
  silence_timeout_seconds: 10,
  enable_recording: true,
  language: 'en',
  dynamic_variables: { name: 'there', company: 'Acme' },
  voicemail_detection: false,
  voicemail_message: null,
  responsiveness: 0.5,
  speed: 1,
  background_sound: null,
  emotions: false,
  job_description: 'You book tables for {{company}}.',
  metadata: {},
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};
const model: LlmModel = {
  id: 'llm_1',
  name: 'Model',
  provider: 'openai',
  model: 'gpt-4o-mini',
  system_prompt: 'Be brief with {{name}}.',
  temperature: 0.7,
  max_tokens: null,
  tool_ids: [],
  knowledge_base_ids: [],
  custom_websocket_url: null,
  credential_id: null,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};

describe('resolveCallConfig', () => {
  it('builds the effective prompt and first message with agent variables overridden by call variables', () => {
    const c = resolveCallConfig({ agent, model, tools: [], variables: { name: 'Suman' } });
    expect(c.systemPrompt).toBe('# Role\nYou book tables for Acme.\n\nBe brief with Suman.');
    expect(c.firstMessage).toBe('Hi Suman, this is Acme.');
    expect(c.llm).toEqual({ provider: 'openai', model: 'gpt-4o-mini', temperature: 0.7, maxTokens: null });
    expect(c.tts).toEqual({ provider: 'flite', voiceId: 'vc_kal', model: null, speed: 1, stability: 0.5 });
    expect(c.variables).toEqual({ name: 'Suman', company: 'Acme' });
  });

  it('merges per-call overrides over the agent and model', () => {
    const c = resolveCallConfig({
      agent,
      model,
      tools: [],
      overrides: {
        llm: { model: 'gpt-4.1', temperature: 0.2, system_prompt: 'Override for {{name}}.' },
        transcriber: { model: 'nova-2', language: 'fr' },
        tts: { voice_id: 'vc_other', model: 'eleven_turbo', speed: 1.2, stability: 0.9 },
        first_message: 'Bonjour {{name}}',
      },
    });
    expect(c.systemPrompt).toBe('# Role\nYou book tables for Acme.\n\nOverride for there.');
    expect(c.firstMessage).toBe('Bonjour there');
    expect(c.llm).toMatchObject({ model: 'gpt-4.1', temperature: 0.2 });
    expect(c.transcriber).toEqual({ provider: 'deepgram', model: 'nova-2', language: 'fr' });
    expect(c.tts).toEqual({
      provider: 'flite',
      voiceId: 'vc_other',
      model: 'eleven_turbo',
      speed: 1.2,
      stability: 0.9,
    });
  });

  it('lets the agent’s top-level speed win over tts.speed unless the call overrides it; blank greeting → none', () => {
    const fast = { ...agent, speed: 1.5, first_message: '  ' };
    expect(resolveCallConfig({ agent: fast, model, tools: [] }).tts.speed).toBe(1.5);
    expect(
      resolveCallConfig({ agent: fast, model, tools: [], overrides: { tts: { speed: 0.8 } } }).tts.speed,
    ).toBe(0.8);
    expect(resolveCallConfig({ agent: fast, model, tools: [] }).firstMessage).toBeNull();
    expect(
      resolveCallConfig({ agent: { ...agent, job_description: null }, model, tools: [] }).systemPrompt,
    ).toBe('Be brief with there.');
  });
});
