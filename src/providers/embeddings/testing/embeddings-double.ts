import { z } from 'zod';
import { HttpDouble, jsonBody, sendJson } from '../../testing/http-double.ts';

/** The documented body of POST /v1/embeddings (the subset Parley sends). */
export const embeddingsRequestSchema = z.object({
  model: z.string().min(1),
  input: z.array(z.string().min(1, 'input cannot be an empty string')).min(1).max(2048),
  encoding_format: z.enum(['float', 'base64']).optional(),
});

const dims = 256;
const stop = new Set(
  'a an the is are was of to in on for and or what how when where which do does with at by it this that be can i you we'.split(
    ' ',
  ),
);

/**
 * Deterministic stand-in for an embedding model: a normalised bag of stemmed words hashed into
 * 256 dimensions, so texts sharing content words are close (enough to exercise ranking).
 */
export function bagOfWordsVector(text: string): number[] {
  const v = new Array<number>(dims).fill(0);
  for (const raw of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    if (stop.has(raw)) continue;
    const w = raw.length > 4 ? raw.replace(/(ing|ed|es|s)$/, '') : raw;
    let h = 2166136261;
    for (const ch of w) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
    v[(h >>> 0) % dims]! += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

/** A loopback OpenAI-compatible embeddings server: checks auth and the request shape, answers like the API. */
export async function startEmbeddingsDouble(opts: { apiKey?: string } = {}): Promise<HttpDouble> {
  return HttpDouble.start((req, res) => {
    if (req.method !== 'POST' || req.path !== '/v1/embeddings')
      return sendJson(res, 404, {
        error: { message: `Unknown path ${req.path}`, type: 'invalid_request_error' },
      });
    if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`)
      return sendJson(res, 401, {
        error: { message: 'Incorrect API key provided', type: 'invalid_request_error' },
      });
    const body = embeddingsRequestSchema.safeParse(jsonBody(req));
    if (!body.success)
      return sendJson(res, 400, {
        error: { message: body.error.issues[0]!.message, type: 'invalid_request_error' },
      });
    sendJson(res, 200, {
      object: 'list',
      model: body.data.model,
      data: body.data.input.map((t, index) => ({
        object: 'embedding',
        index,
        embedding: bagOfWordsVector(t),
      })),
      usage: { prompt_tokens: 0, total_tokens: 0 },
    });
  });
}
