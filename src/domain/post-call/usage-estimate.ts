import type { CallMessage, CallRecord } from '../call/call.ts';
import type { CallUsage } from './call-usage.ts';

/** The providers a call ran on (the agent's, with the call's overrides applied). */
export interface CallProfile {
  llm: { provider: string; model: string; credentialId: string | null };
  stt: { provider: string; model: string | null };
  tts: { provider: string; model: string | null };
  systemPrompt: string;
}

/** Tokens a chat message costs beyond its text (role and separators), as OpenAI counts them. */
const perMessageTokens = 4;

/**
 * Usage estimated from the stored call when the engine recorded none: STT for the whole connected
 * duration (the script on sim calls, which costs nothing), TTS for every character the agent said,
 * and one LLM request per agent reply whose input is the prompt plus the conversation so far.
 * Every line is marked `estimated`.
 */
export function estimateUsage(
  call: Pick<CallRecord, 'carrier' | 'duration_seconds' | 'messages'>,
  profile: CallProfile,
  countTokens: (text: string) => number,
): CallUsage {
  const seconds = Math.max(0, call.duration_seconds ?? 0);
  const messages = call.messages;
  const said = messages.filter((m) => m.role === 'assistant');
  const characters = said.reduce((n, m) => n + m.content.length, 0);
  let context = countTokens(profile.systemPrompt) + perMessageTokens;
  let input = 0;
  let output = 0;
  messages.forEach((m, i) => {
    const tokens = countTokens(text(m)) + perMessageTokens;
    if (m.role === 'assistant' && !isGreeting(messages, i)) {
      input += context;
      output += tokens;
    }
    context += tokens;
  });
  const stt = call.carrier === 'sim' ? { provider: 'sim', model: null } : profile.stt;
  return {
    stt: seconds > 0 ? [{ ...stt, seconds, estimated: true }] : [],
    tts: characters > 0 ? [{ ...profile.tts, characters, estimated: true }] : [],
    llm:
      output > 0
        ? [
            {
              provider: profile.llm.provider,
              model: profile.llm.model,
              input_tokens: input,
              output_tokens: output,
              estimated: true,
            },
          ]
        : [],
  };
}

/** The first message, spoken before the caller said anything, is the configured greeting (no LLM). */
function isGreeting(messages: CallMessage[], i: number): boolean {
  return i === 0 && messages[0]!.role === 'assistant';
}

function text(m: CallMessage): string {
  if (m.role !== 'tool') return m.content;
  return `${m.name ?? ''} ${JSON.stringify(m.arguments ?? {})} ${m.content}`;
}
