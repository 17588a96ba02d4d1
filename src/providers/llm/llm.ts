/** One chat message in provider-neutral form. */
export type LlmMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: LlmToolCall[] }
  | { role: 'tool'; toolCallId: string; name: string; content: string };

/** A function the model may call; `parameters` is a JSON Schema object. */
export interface LlmToolDef {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** A complete tool call; `arguments` is the raw JSON text the model produced. */
export interface LlmToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface LlmRequest {
  model: string;
  messages: LlmMessage[];
  tools?: LlmToolDef[];
  temperature?: number;
  maxTokens?: number;
}

/** Streamed output: text deltas as they arrive, tool calls once complete, then usage and done. */
export type LlmChunk =
  | { type: 'text'; text: string }
  | { type: 'tool_call'; call: LlmToolCall }
  | { type: 'usage'; inputTokens: number; outputTokens: number }
  | { type: 'done'; finishReason: 'stop' | 'tool_calls' | 'length' | 'other' };

export interface LlmCapabilities {
  streaming: boolean;
  tools: boolean;
}

/** A chat-completion provider. `chat` streams; it throws ProviderError on failure and stops on abort. */
export interface Llm {
  readonly provider: string;
  readonly capabilities: LlmCapabilities;
  chat(req: LlmRequest, signal: AbortSignal): AsyncIterable<LlmChunk>;
  /** Open a connection to the vendor ahead of the next `chat` (a call starting, a caller speaking); sends no request, never throws. */
  prewarm?(): void;
}
