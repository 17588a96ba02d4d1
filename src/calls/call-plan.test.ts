import { describe, expect, it } from 'vitest';
import type { Agent } from '../domain/agent/agent.ts';
import type { CallRecord } from '../domain/call/call.ts';
import type { ResolvedCredential } from '../domain/integration/integration.ts';
import type { KbSearchRepo } from '../domain/knowledge-base/kb-index.ts';
import { KnowledgeRetrievalService } from '../domain/knowledge-base/knowledge-retriever.ts';
import type { LlmModel } from '../domain/llm-model/llm-model.ts';
import type { Tool } from '../domain/tool/tool.ts';
import type { Voice } from '../domain/voice/voice.ts';
import { CallPlanner, type CallPlanSources, CallSetupError } from './call-plan.ts';

const t = '2026-01-01T00:00:00.000Z';
const agent: Agent = {
  id: 'agt_1',
  name: 'A',
  llm_id: 'llm_1',
  webhook_id: null,
  transcriber: { provider: 'whisper', model: 'whisper-1', language: 'en' },
  tts: { provider: 'elevenlabs', credential_id: null, voice_id: 'vc_eleven', speed: 1, stability: 0.4 },
  first_message: 'Hi {{name}}',
  end_call_phrases: [],
  max_duration_seconds: 600,
  interruption_sensitivity: 0.5,
  silence_timeout_seconds: 10,
  enable_recording: true,
  language: 'en',
  dynamic_variables: { name: 'there' },
  voicemail_detection: false,
  voicemail_message: null,
  responsiveness: 0.5,
  speed: 1,
  background_sound: null,
  emotions: false,
  job_description: null,
  metadata: {},
  created_at: t,
  updated_at: t,
};
const model: LlmModel = {
  id: 'llm_1',
  name: 'M',
  provider: 'openai',
  model: 'gpt-4o-mini',
  system_prompt: 'Help {{name}}.',
  temperature: 0.2,
  max_tokens: null,
  tool_ids: ['tool_1'],
  knowledge_base_ids: [],
  custom_websocket_url: null,
  credential_id: 'crd_model',
  created_at: t,
  updated_at: t,
};
const tool = {
  id: 'tool_1',
  name: 'hang_up',
  type: 'end_call',
  description: null,
  parameters: [],
} as unknown as Tool;
const voice: Voice = {
  id: 'vc_eleven',
  provider: 'elevenlabs',
  provider_voice_id: 'el-rachel',
  name: 'Rachel',
  gender: null,
  language: 'en',
  accent: null,
  preview_url: null,
  credential_id: 'crd_voice',
  model: 'eleven_flash_v2_5',
  created_at: t,
};
const cred = (id: string, provider: string): ResolvedCredential =>
  ({ id, provider, apiKey: `key-${id}`, metadata: { base_url: `http://${id}` } }) as ResolvedCredential;

function sources(over: Partial<CallPlanSources> = {}): CallPlanSources {
  return {
    agent: async () => agent,
    model: async () => model,
    tool: async () => tool,
    voice: async () => voice,
    credential: async (_org, id) => cred(id, 'x'),
    workspaceCredential: async (_org, provider) =>
      provider === 'openai' ? cred('crd_ws_openai', 'openai') : undefined,
    ...over,
  };
}
const call = {
  id: 'call_1',
  org_id: 'org_1',
  agent_id: 'agt_1',
  variables: { name: 'Sam' },
  overrides: {},
} as unknown as CallRecord;

describe('CallPlanner.plan', () => {
  it('resolves config, tools, voice and each provider’s credential (explicit, else the workspace’s own)', async () => {
    const plan = await new CallPlanner(sources()).plan(call);
    expect(plan.config).toMatchObject({
      firstMessage: 'Hi Sam',
      systemPrompt: 'Help Sam.',
      enableRecording: true,
    });
    expect(plan.config.tools.map((x) => x.name)).toEqual(['hang_up']);
    expect(plan.llm).toEqual({
      provider: 'openai',
      credential: { apiKey: 'key-crd_model', metadata: { base_url: 'http://crd_model' } },
    });
    // whisper keys live in the workspace's openai integration.
    expect(plan.stt).toMatchObject({ provider: 'whisper', credential: { apiKey: 'key-crd_ws_openai' } });
    expect(plan.tts).toMatchObject({ provider: 'elevenlabs', credential: { apiKey: 'key-crd_voice' } });
    expect(plan.voice).toEqual({
      voice: 'el-rachel',
      model: 'eleven_flash_v2_5',
      speed: 1,
      stability: 0.4,
      language: 'en',
    });
  });

  it('uses platform keys when there is no integration', async () => {
    const plan = await new CallPlanner(
      sources({
        model: async () => ({ ...model, credential_id: null }),
        workspaceCredential: async () => undefined,
      }),
    ).plan(call);
    expect(plan.llm).toEqual({ provider: 'openai' });
    expect(plan.stt).toEqual({ provider: 'whisper' });
  });

  const failures: [string, Partial<CallPlanSources>, RegExp, string][] = [
    [
      'a deleted agent',
      { agent: () => Promise.reject(new Error('404')) },
      /Agent agt_1 no longer exists/,
      'error',
    ],
    [
      'a deleted tool',
      { tool: () => Promise.reject(new Error('404')) },
      /Tool tool_1 of model llm_1/,
      'error',
    ],
    [
      'a deleted voice',
      { voice: async () => undefined },
      /Voice vc_eleven no longer exists/,
      'provider_error',
    ],
    [
      'a voice of another provider',
      { voice: async () => ({ ...voice, provider: 'cartesia' }) },
      /is a cartesia voice, but the text-to-speech provider is elevenlabs/,
      'provider_error',
    ],
    [
      'a deleted credential',
      { credential: () => Promise.reject(new Error('404')) },
      /Integration crd_model for openai/,
      'provider_error',
    ],
  ];
  it('names the first provider’s missing credential in plan order, whichever lookup fails first', async () => {
    // The LLM's lookup fails a turn of the event loop after the TTS's: the LLM's is still reported.
    const credential = (_org: string, id: string) =>
      id === 'crd_model'
        ? new Promise<never>((_, reject) => setImmediate(() => reject(new Error('404'))))
        : Promise.reject(new Error('404'));
    const err = await new CallPlanner(sources({ credential })).plan(call).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallSetupError);
    expect((err as CallSetupError).message).toMatch(/Integration crd_model for openai/);
  });

  for (const [label, over, message, reason] of failures)
    it(`fails with a clear CallSetupError for ${label}`, async () => {
      const err = await new CallPlanner(sources(over)).plan(call).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CallSetupError);
      expect((err as CallSetupError).message).toMatch(message);
      expect((err as CallSetupError).reason).toBe(reason);
    });

  it('planOrDefault speaks with the offline voice when the agent is gone', async () => {
    const plan = await new CallPlanner(
      sources({ agent: () => Promise.reject(new Error('404')) }),
    ).planOrDefault(call);
    expect(plan.agent).toBeUndefined();
    expect(plan.tts).toEqual({ provider: 'flite' });
    expect(plan.voice).toEqual({ voice: 'kal' });
    expect(plan.config.enableRecording).toBe(false);
  });
});

describe('CallPlanner knowledge bases (kb_token_budget)', () => {
  const budget = 10_000;
  const searched: string[] = [];
  const passage = (n: number) => ({
    chunk_id: String(n),
    knowledge_base_id: 'kb_1',
    source_id: 'kbs_1',
    content: `Fact ${n}.`,
    locator: n === 1 ? 'page 2' : null,
    score: 1 / n,
  });
  /** One KB of `tokens` tokens in a workspace with a 10 000-token budget, over the real retriever. */
  const planWith = (tokens: number) => {
    const repo: KbSearchRepo = {
      fullText: async (_org, _kbs, query) => {
        searched.push(query);
        return [1, 2, 3, 4, 5].map(passage);
      },
      nearest: async () => [],
      ingestedSources: async () => [
        { knowledge_base_id: 'kb_1', label: null, content: 'Open 9 to 5.', token_count: tokens },
      ],
      tokenTotal: async () => tokens,
      tokenBudget: async () => budget,
    };
    const knowledge = new KnowledgeRetrievalService(repo, undefined);
    return new CallPlanner(
      sources({ knowledge, model: async () => ({ ...model, knowledge_base_ids: ['kb_1'] }) }),
    ).plan(call);
  };

  it('puts the KBs in the system prompt when their tokens equal the budget, with no search tool', async () => {
    const plan = await planWith(budget);
    expect(plan.config.systemPrompt).toBe(
      'Help Sam.\n\n# Knowledge base\nUse this reference material to answer questions; say so when it does not cover something.\n\nOpen 9 to 5.',
    );
    expect(plan.knowledge).toBeUndefined();
  });

  it('offers search_knowledge_base (top 3, formatted) one token over the budget, leaving the prompt alone', async () => {
    const plan = await planWith(budget + 1);
    expect(plan.config.systemPrompt).toBe('Help Sam.');
    expect(plan.knowledge?.name).toBe('fulltext');
    expect(plan.knowledge?.definition).toMatchObject({
      name: 'search_knowledge_base',
      parameters: { properties: { query: { type: 'string' } }, required: ['query'] },
    });
    expect(searched).toEqual([]);
    expect(await plan.knowledge!.search('hours', new AbortController().signal)).toBe(
      '[1] (page 2) Fact 1.\n\n[2] Fact 2.\n\n[3] Fact 3.',
    );
    expect(searched).toEqual(['hours']);
  });

  it('adds nothing for a model without KBs', async () => {
    const plan = await new CallPlanner(
      sources({ knowledge: new KnowledgeRetrievalService({} as KbSearchRepo, undefined) }),
    ).plan(call);
    expect(plan.config.systemPrompt).toBe('Help Sam.');
    expect(plan.knowledge).toBeUndefined();
  });
});
