import { z } from 'zod';
import {
  type DoubleWait,
  HttpDouble,
  jsonBody,
  type RecordedRequest,
  sendJson,
} from '../../testing/http-double.ts';
import { type ScriptedLlmReply, scriptedTextChunks } from '../fake-llm.ts';
import { fragments, SseWriter } from './sse-writer.ts';

export interface OpenAiDoubleOptions {
  apiKey?: string;
  /** Delay before the first chunk and between chunks, ms (real time; keep 0 in unit tests). */
  ttftMs?: number;
  chunkIntervalMs?: number;
  /** How the double waits out its latencies (default: `pause`, real time). */
  wait?: DoubleWait;
  /** Answer for requests with nothing scripted (the benchmark's steady reply). */
  defaultReply?: (body: OpenAiChatRequest) => ScriptedLlmReply;
  /** Cut the stream after this many SSE events (simulated upstream crash). */
  dropAfterEvents?: number;
}

const message = z.discriminatedUnion('role', [
  z.object({ role: z.enum(['system', 'developer', 'user']), content: z.string() }),
  z.object({
    role: z.literal('assistant'),
    content: z.string().nullable(),
    tool_calls: z
      .array(
        z.object({
          id: z.string(),
          type: z.literal('function'),
          function: z.object({ name: z.string(), arguments: z.string() }),
        }),
      )
      .optional(),
  }),
  z.object({ role: z.literal('tool'), tool_call_id: z.string(), content: z.string() }),
]);

/** The documented request body of POST /v1/chat/completions (streaming form). */
export const openAiChatRequestSchema = z.object({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  stream: z.literal(true),
  stream_options: z.object({ include_usage: z.boolean() }).optional(),
  tools: z
    .array(
      z.object({
        type: z.literal('function'),
        function: z.object({
          name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
          description: z.string().optional(),
          parameters: z.record(z.string(), z.unknown()).optional(),
        }),
      }),
    )
    .optional(),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().positive().optional(),
  max_completion_tokens: z.number().int().positive().optional(),
});
export type OpenAiChatRequest = z.infer<typeof openAiChatRequestSchema>;

const invalid = (msg: string) => ({
  error: { message: msg, type: 'invalid_request_error', param: null, code: null },
});

/** Every tool message must answer a tool call made earlier in the conversation, as OpenAI enforces. */
function toolReferencesValid(body: OpenAiChatRequest): boolean {
  const ids = new Set<string>();
  for (const m of body.messages) {
    if (m.role === 'assistant') for (const c of m.tool_calls ?? []) ids.add(c.id);
    if (m.role === 'tool' && !ids.has(m.tool_call_id)) return false;
  }
  return true;
}

/** A loopback OpenAI-compatible chat-completions server: SSE chunks, tool_call deltas, usage, [DONE]. */
export class OpenAiDouble {
  private readonly replies: ScriptedLlmReply[] = [];
  private constructor(
    readonly http: HttpDouble,
    private readonly opts: OpenAiDoubleOptions,
  ) {}

  static async start(opts: OpenAiDoubleOptions = {}): Promise<OpenAiDouble> {
    let self: OpenAiDouble | undefined;
    const http = await HttpDouble.start((req, res) => self!.handle(req, res));
    self = new OpenAiDouble(http, opts);
    return self;
  }

  /** Base URL as in OPENAI_BASE_URL (ends in /v1). */
  get baseUrl(): string {
    return `${this.http.url}/v1`;
  }

  /** Parsed bodies of the chat requests received. */
  get bodies(): OpenAiChatRequest[] {
    return this.http.requests.map((r) => jsonBody(r) as OpenAiChatRequest);
  }

  reply(r: ScriptedLlmReply): void {
    this.replies.push(r);
  }

  /** Next request answers `status` with OpenAI's error body. */
  fail(status: number): void {
    this.http.failNext(status, {
      error: { message: `double says ${status}`, type: 'server_error', code: null },
    });
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private async handle(req: RecordedRequest, res: import('node:http').ServerResponse) {
    if (req.method !== 'POST' || req.path !== '/v1/chat/completions') {
      return sendJson(res, 404, invalid(`Unknown path ${req.path}`));
    }
    if (this.opts.apiKey !== undefined && req.headers.authorization !== `Bearer ${this.opts.apiKey}`) {
      return sendJson(res, 401, {
        error: {
          message: 'Incorrect API key provided.',
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      });
    }
    const parsed = openAiChatRequestSchema.safeParse(jsonBody(req));
    if (!parsed.success)
      return sendJson(res, 400, invalid(parsed.error.issues[0]?.message ?? 'invalid body'));
    if (!toolReferencesValid(parsed.data)) {
      return sendJson(
        res,
        400,
        invalid("Messages with role 'tool' must be a response to a preceding tool_calls."),
      );
    }
    const reply = this.replies.shift() ?? this.opts.defaultReply?.(parsed.data) ?? { text: 'OK.' };
    await this.stream(res, parsed.data, reply);
  }

  private async stream(
    res: import('node:http').ServerResponse,
    body: OpenAiChatRequest,
    reply: ScriptedLlmReply,
  ) {
    const w = new SseWriter(
      res,
      { firstMs: this.opts.ttftMs ?? 0, intervalMs: this.opts.chunkIntervalMs ?? 0 },
      this.opts.wait,
    );
    const base = {
      id: 'chatcmpl-double',
      object: 'chat.completion.chunk',
      created: 1767225600,
      model: body.model,
    };
    const events: unknown[] = [
      { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] },
    ];
    for (const text of scriptedTextChunks(reply, 3)) {
      events.push({ ...base, choices: [{ index: 0, delta: { content: text }, finish_reason: null }] });
    }
    (reply.toolCalls ?? []).forEach((call, index) => {
      events.push({
        ...base,
        choices: [
          {
            index: 0,
            delta: {
              tool_calls: [
                { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } },
              ],
            },
          },
        ],
      });
      for (const part of fragments(call.arguments, 3)) {
        events.push({
          ...base,
          choices: [{ index: 0, delta: { tool_calls: [{ index, function: { arguments: part } }] } }],
        });
      }
    });
    const finish = reply.finishReason ?? (reply.toolCalls?.length ? 'tool_calls' : 'stop');
    events.push({ ...base, choices: [{ index: 0, delta: {}, finish_reason: finish }] });
    if (body.stream_options?.include_usage) {
      const u = reply.usage ?? { inputTokens: 10, outputTokens: 5 };
      events.push({
        ...base,
        choices: [],
        usage: {
          prompt_tokens: u.inputTokens,
          completion_tokens: u.outputTokens,
          total_tokens: u.inputTokens + u.outputTokens,
        },
      });
    }
    events.push('[DONE]');
    for (let i = 0; i < events.length; i++) {
      if (this.opts.dropAfterEvents !== undefined && i >= this.opts.dropAfterEvents) return w.destroy();
      // The role delta leads: it arrives with the first content, as OpenAI sends them.
      await w.send(events[i], undefined, i === 0);
    }
    w.end();
  }
}
