import { offlineVoiceId, platformVoices } from './voice/catalogue.ts';

/** What a new agent or model gets when the request leaves it out; depends on which platform keys exist. */
export interface PlatformDefaults {
  llm: { provider: string; model: string; name: string; systemPrompt: string; temperature: number };
  tts: { provider: string; voiceId: string };
  transcriber: { provider: string; model: string; language: string };
}

export const defaultSystemPrompt =
  'You are a helpful, friendly general-purpose assistant speaking on a phone call. Keep replies short, clear and conversational.';

/** Provider and model of the keyless offline brain (decisions §7). */
export const offlineLlm = { provider: 'offline', model: 'parley-offline-brain' } as const;

export function platformDefaults(keys: { openai: boolean; deepgram: boolean }): PlatformDefaults {
  const aura = platformVoices.find((v) => v.provider === 'deepgram')!;
  return {
    llm: keys.openai
      ? {
          provider: 'openai',
          model: 'gpt-4o-mini',
          name: 'Default model',
          systemPrompt: defaultSystemPrompt,
          temperature: 0.7,
        }
      : {
          ...offlineLlm,
          name: 'Default model (offline demo brain: set OPENAI_API_KEY or attach a provider for real conversations)',
          systemPrompt: defaultSystemPrompt,
          temperature: 0.7,
        },
    tts: keys.deepgram
      ? { provider: 'deepgram', voiceId: aura.id }
      : { provider: 'flite', voiceId: offlineVoiceId },
    transcriber: { provider: 'deepgram', model: 'nova-3', language: 'en' },
  };
}
