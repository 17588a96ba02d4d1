import { z } from 'zod';
import type { LlmMessage, LlmRequest, LlmToolDef } from './llm.ts';

/** OpenAI chat-completions message shapes (the wire format OpenAI, Groq, Ollama and vLLM share). */
export type OpenAiMessage =
  | { role: 'system' | 'user'; content: string }
  | {
      role: 'assistant';
      content: string | null;
      tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
    }
  | { role: 'tool'; tool_call_id: string; content: string };

export function toOpenAiMessage(m: LlmMessage): OpenAiMessage {
  switch (m.role) {
    case 'system':
    case 'user':
      return { role: m.role, content: m.content };
    case 'assistant':
      if (!m.toolCalls?.length) return { role: 'assistant', content: m.content };
      return {
        role: 'assistant',
        content: m.content === '' ? null : m.content,
        tool_calls: m.toolCalls.map((c) => ({
          id: c.id,
          type: 'function',
          function: { name: c.name, arguments: c.arguments },
        })),
      };
    case 'tool':
      return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
  }
}

const toOpenAiTool = (t: LlmToolDef) => ({
  type: 'function' as const,
  function: { name: t.name, description: t.description, parameters: t.parameters },
});

/** Which field carries the token cap: OpenAI's own API wants `max_completion_tokens` for newer models. */
export type MaxTokensField = 'max_tokens' | 'max_completion_tokens';

/** The streaming request body for `POST {base}/chat/completions`. */
export function openAiChatBody(req: LlmRequest, maxTokensField: MaxTokensField = 'max_tokens') {
  return {
    model: req.model,
    messages: req.messages.map(toOpenAiMessage),
    stream: true,
    stream_options: { include_usage: true },
    ...(req.tools?.length ? { tools: req.tools.map(toOpenAiTool) } : {}),
    ...(req.temperature === undefined ? {} : { temperature: req.temperature }),
    ...(req.maxTokens === undefined ? {} : { [maxTokensField]: req.maxTokens }),
  };
}

const usageSchema = z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).nullish();

/** One `chat.completion.chunk` (only the fields Parley reads; extra fields pass). */
export const openAiChunkSchema = z.object({
  choices: z
    .array(
      z.object({
        index: z.number().optional(),
        delta: z
          .object({
            content: z.string().nullish(),
            tool_calls: z
              .array(
                z.object({
                  index: z.number(),
                  id: z.string().nullish(),
                  function: z
                    .object({ name: z.string().nullish(), arguments: z.string().nullish() })
                    .nullish(),
                }),
              )
              .nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .default([]),
  usage: usageSchema,
  // Groq reports usage here instead of `usage`.
  x_groq: z.object({ usage: usageSchema }).nullish(),
  error: z.object({ message: z.string() }).nullish(),
});
export type OpenAiChunk = z.infer<typeof openAiChunkSchema>;
