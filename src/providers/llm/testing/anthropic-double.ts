import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { HttpDouble, jsonBody, type RecordedRequest, sendJson } from '../../testing/http-double.ts';
import { anthropicErrorStatus } from '../anthropic-format.ts';
import { type ScriptedLlmReply, scriptedTextChunks } from '../fake-llm.ts';
import { fragments, SseWriter } from './sse-writer.ts';

export interface AnthropicDoubleOptions {
  apiKey?: string;
  ttftMs?: number;
  chunkIntervalMs?: number;
  defaultReply?: (body: AnthropicRequest) => ScriptedLlmReply;
  /** Send an `error` event (e.g. overloaded_error) instead of the reply, after message_start. */
  streamError?: string;
}

const block = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().min(1, 'text content blocks must be non-empty') }),
  z.object({
    type: z.literal('tool_use'),
    id: z.string(),
    name: z.string(),
    input: z.record(z.string(), z.unknown()),
  }),
  z.object({ type: z.literal('tool_result'), tool_use_id: z.string(), content: z.string() }),
]);

/** The documented body of POST /v1/messages (the subset Parley uses). */
export const anthropicRequestSchema = z.object({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  stream: z.literal(true),
  system: z.string().optional(),
  temperature: z.number().min(0).max(1).optional(),
  messages: z
    .array(
      z.object({
        role: z.enum(['user', 'assistant']),
        content: z.union([z.string(), z.array(block).min(1)]),
      }),
    )
    .min(1),
  tools: z
    .array(
      z.object({
        name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
        description: z.string().optional(),
        input_schema: z.object({ type: z.literal('object') }).loose(),
      }),
    )
    .optional(),
});
export type AnthropicRequest = z.infer<typeof anthropicRequestSchema>;

const errorBody = (type: string, message: string) => ({ type: 'error', error: { type, message } });
const statusToType = Object.fromEntries(Object.entries(anthropicErrorStatus).map(([t, s]) => [s, t]));

/** Roles must alternate starting with user; each tool_result must answer a tool_use of the turn before. */
function conversationProblem(body: AnthropicRequest): string | undefined {
  let prev: (typeof body.messages)[number] | undefined;
  for (const [i, m] of body.messages.entries()) {
    if (i === 0 && m.role !== 'user') return 'messages: first message must use the "user" role';
    if (prev && prev.role === m.role) return `messages: roles must alternate (index ${i})`;
    if (Array.isArray(m.content)) {
      const prevUses = new Set(
        Array.isArray(prev?.content)
          ? prev.content.flatMap((b) => (b.type === 'tool_use' ? [b.id] : []))
          : [],
      );
      for (const b of m.content) {
        if (b.type === 'tool_result' && !prevUses.has(b.tool_use_id)) {
          return `messages.${i}: tool_result block(s) provided when previous message does not have tool_use`;
        }
      }
    }
    prev = m;
  }
  return undefined;
}

/** A loopback Anthropic Messages server: named SSE events, text_delta and input_json_delta, usage. */
export class AnthropicDouble {
  private readonly replies: ScriptedLlmReply[] = [];
  private constructor(
    readonly http: HttpDouble,
    private readonly opts: AnthropicDoubleOptions,
  ) {}

  static async start(opts: AnthropicDoubleOptions = {}): Promise<AnthropicDouble> {
    let self: AnthropicDouble | undefined;
    const http = await HttpDouble.start((req, res) => self!.handle(req, res));
    self = new AnthropicDouble(http, opts);
    return self;
  }

  /** Base URL as in ANTHROPIC_BASE_URL (no /v1). */
  get baseUrl(): string {
    return this.http.url;
  }

  get bodies(): AnthropicRequest[] {
    return this.http.requests.map((r) => jsonBody(r) as AnthropicRequest);
  }

  reply(r: ScriptedLlmReply): void {
    this.replies.push(r);
  }

  fail(status: number): void {
    this.http.failNext(status, errorBody(statusToType[status] ?? 'api_error', `double says ${status}`));
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private async handle(req: RecordedRequest, res: ServerResponse) {
    if (req.method !== 'POST' || req.path !== '/v1/messages') {
      return sendJson(res, 404, errorBody('not_found_error', `Unknown path ${req.path}`));
    }
    if (this.opts.apiKey !== undefined && req.headers['x-api-key'] !== this.opts.apiKey) {
      return sendJson(res, 401, errorBody('authentication_error', 'invalid x-api-key'));
    }
    if (req.headers['anthropic-version'] !== '2023-06-01') {
      return sendJson(res, 400, errorBody('invalid_request_error', 'anthropic-version: header is required'));
    }
    const parsed = anthropicRequestSchema.safeParse(jsonBody(req));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return sendJson(
        res,
        400,
        errorBody('invalid_request_error', `${issue?.path.join('.')}: ${issue?.message}`),
      );
    }
    const problem = conversationProblem(parsed.data);
    if (problem) return sendJson(res, 400, errorBody('invalid_request_error', problem));
    const reply = this.replies.shift() ?? this.opts.defaultReply?.(parsed.data) ?? { text: 'OK.' };
    await this.stream(res, parsed.data, reply);
  }

  private async stream(res: ServerResponse, body: AnthropicRequest, reply: ScriptedLlmReply) {
    const w = new SseWriter(res, {
      firstMs: this.opts.ttftMs ?? 0,
      intervalMs: this.opts.chunkIntervalMs ?? 0,
    });
    const u = reply.usage ?? { inputTokens: 10, outputTokens: 5 };
    const lead = new Set(['message_start', 'content_block_start', 'ping']);
    // message_start, a block's start and ping lead: the first delta lands at TTFT.
    const send = (data: { type: string } & Record<string, unknown>) =>
      w.send(data, data.type, lead.has(data.type));
    await send({
      type: 'message_start',
      message: {
        id: 'msg_double',
        type: 'message',
        role: 'assistant',
        content: [],
        model: body.model,
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: u.inputTokens, output_tokens: 1 },
      },
    });
    if (this.opts.streamError) {
      await send(errorBody(this.opts.streamError, 'Overloaded'));
      return w.end();
    }
    let index = 0;
    const texts = scriptedTextChunks(reply, 3);
    if (texts.length) {
      await send({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      await send({ type: 'ping' });
      for (const text of texts)
        await send({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
      await send({ type: 'content_block_stop', index });
      index++;
    }
    for (const call of reply.toolCalls ?? []) {
      await send({
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} },
      });
      for (const partial_json of fragments(call.arguments, 3)) {
        await send({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } });
      }
      await send({ type: 'content_block_stop', index });
      index++;
    }
    const stop = { stop: 'end_turn', tool_calls: 'tool_use', length: 'max_tokens', other: 'refusal' }[
      reply.finishReason ?? (reply.toolCalls?.length ? 'tool_calls' : 'stop')
    ];
    await send({
      type: 'message_delta',
      delta: { stop_reason: stop, stop_sequence: null },
      usage: { output_tokens: u.outputTokens },
    });
    await send({ type: 'message_stop' });
    w.end();
  }
}
