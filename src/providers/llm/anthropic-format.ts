import { z } from 'zod';
import { safeJson } from '../sse.ts';
import type { LlmMessage, LlmRequest } from './llm.ts';

/** Anthropic Messages content blocks Parley sends. */
export type AnthropicBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'tool_result'; tool_use_id: string; content: string };
export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: AnthropicBlock[];
}

function blocksOf(m: Exclude<LlmMessage, { role: 'system' }>): AnthropicBlock[] {
  if (m.role === 'tool') return [{ type: 'tool_result', tool_use_id: m.toolCallId, content: m.content }];
  // Anthropic rejects empty text blocks.
  const text: AnthropicBlock[] = m.content.trim() === '' ? [] : [{ type: 'text', text: m.content }];
  if (m.role === 'user') return text;
  const uses = (m.toolCalls ?? []).map(
    (c): AnthropicBlock => ({ type: 'tool_use', id: c.id, name: c.name, input: safeJson(c.arguments) ?? {} }),
  );
  return [...text, ...uses];
}

/**
 * Neutral messages → Anthropic's: system text goes to the top-level `system`, tool results become
 * `tool_result` blocks in a user turn, and consecutive same-role turns merge (the API requires alternation).
 */
export function toAnthropicConversation(messages: LlmMessage[]): {
  system: string | undefined;
  messages: AnthropicMessage[];
} {
  const system = messages
    .filter((m) => m.role === 'system')
    .map((m) => m.content)
    .join('\n\n');
  const out: AnthropicMessage[] = [];
  for (const m of messages) {
    if (m.role === 'system') continue;
    const role = m.role === 'assistant' ? 'assistant' : 'user';
    const blocks = blocksOf(m);
    if (blocks.length === 0) continue;
    const last = out.at(-1);
    if (last?.role === role) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  }
  // The conversation must open with a user turn; calls often open with the agent's greeting.
  if (out[0]?.role !== 'user')
    out.unshift({ role: 'user', content: [{ type: 'text', text: '(call connected)' }] });
  return { system: system === '' ? undefined : system, messages: out };
}

/** The streaming request body for `POST {base}/v1/messages`. */
export function anthropicBody(req: LlmRequest, defaultMaxTokens: number) {
  const { system, messages } = toAnthropicConversation(req.messages);
  return {
    model: req.model,
    max_tokens: req.maxTokens ?? defaultMaxTokens,
    stream: true,
    messages,
    ...(system === undefined ? {} : { system }),
    ...(req.tools?.length
      ? {
          tools: req.tools.map((t) => ({
            name: t.name,
            description: t.description,
            input_schema: { type: 'object', ...t.parameters },
          })),
        }
      : {}),
    ...(req.temperature === undefined ? {} : { temperature: Math.min(1, req.temperature) }),
  };
}

/** Streaming events (fields Parley reads). */
export const anthropicEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('message_start'),
    message: z.object({
      usage: z.object({ input_tokens: z.number(), output_tokens: z.number().optional() }),
    }),
  }),
  z.object({
    type: z.literal('content_block_start'),
    index: z.number(),
    content_block: z.object({ type: z.string(), id: z.string().optional(), name: z.string().optional() }),
  }),
  z.object({
    type: z.literal('content_block_delta'),
    index: z.number(),
    delta: z.object({ type: z.string(), text: z.string().optional(), partial_json: z.string().optional() }),
  }),
  z.object({ type: z.literal('content_block_stop'), index: z.number() }),
  z.object({
    type: z.literal('message_delta'),
    delta: z.object({ stop_reason: z.string().nullish() }),
    usage: z.object({ output_tokens: z.number(), input_tokens: z.number().nullish() }).optional(),
  }),
  z.object({ type: z.literal('message_stop') }),
  z.object({ type: z.literal('ping') }),
  z.object({ type: z.literal('error'), error: z.object({ type: z.string(), message: z.string() }) }),
]);

/** HTTP status Anthropic documents for each error type (so stream errors are retryable like HTTP ones). */
export const anthropicErrorStatus: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
};
