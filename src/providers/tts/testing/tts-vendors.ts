import { z } from 'zod';
import { jsonBody, type RecordedRequest } from '../../testing/http-double.ts';
import type { TtsRouteResult, TtsVendorSpec } from './tts-double.ts';

const reject = (status: number, body: unknown): TtsRouteResult => ({ ok: false, status, body });

function validate<T>(schema: z.ZodType<T>, req: RecordedRequest, err: (m: string) => TtsRouteResult) {
  const p = schema.safeParse(jsonBody(req));
  if (p.success) return p.data;
  const i = p.error.issues[0];
  return err(`${i?.path.join('.')}: ${i?.message}`);
}
const isReject = (x: unknown): x is TtsRouteResult => typeof x === 'object' && x !== null && 'ok' in x;

const openAiError = (status: number, message: string) => ({
  error: { message, type: status === 401 ? 'invalid_request_error' : 'server_error', code: null },
});

/** OpenAI `POST /v1/audio/speech` (response_format pcm = 24 kHz s16le). */
export const openAiSpeech: TtsVendorSpec = {
  name: 'openai',
  errorBody: openAiError,
  route(req, apiKey) {
    if (req.method !== 'POST' || req.path !== '/v1/audio/speech')
      return reject(404, openAiError(404, 'Not found'));
    if (apiKey !== undefined && req.headers.authorization !== `Bearer ${apiKey}`) {
      return reject(401, openAiError(401, 'Incorrect API key provided.'));
    }
    const body = validate(
      z.object({
        model: z.string().min(1),
        input: z.string().min(1).max(4096),
        voice: z.string().min(1),
        response_format: z.enum(['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm']).optional(),
        speed: z.number().min(0.25).max(4).optional(),
      }),
      req,
      (m) => reject(400, openAiError(400, m)),
    );
    if (isReject(body)) return body;
    if (body.response_format !== 'pcm')
      return reject(400, openAiError(400, 'double only serves response_format pcm'));
    return { ok: true, text: body.input, sampleRate: 24_000 };
  },
};

const elevenError = (status: number, message: string) => ({ detail: { status: `error_${status}`, message } });

/** ElevenLabs `POST /v1/text-to-speech/{voice_id}/stream?output_format=pcm_…`. */
export const elevenLabsStream: TtsVendorSpec = {
  name: 'elevenlabs',
  errorBody: elevenError,
  route(req, apiKey) {
    const m = /^\/v1\/text-to-speech\/([^/]+)\/stream$/.exec(req.path);
    if (req.method !== 'POST' || !m) return reject(404, elevenError(404, 'Not found'));
    if (apiKey !== undefined && req.headers['xi-api-key'] !== apiKey) {
      return reject(401, elevenError(401, 'Invalid API key'));
    }
    const format = /^pcm_(8000|16000|22050|24000|44100|48000)$/.exec(req.query.get('output_format') ?? '');
    if (!format) return reject(422, elevenError(422, 'output_format must be a pcm_* format in this double'));
    const body = validate(
      z.object({
        text: z.string().min(1),
        model_id: z.string().optional(),
        voice_settings: z
          .object({
            stability: z.number().min(0).max(1).optional(),
            similarity_boost: z.number().min(0).max(1).optional(),
            speed: z.number().min(0.7).max(1.2).optional(),
          })
          .optional(),
      }),
      req,
      (msg) => reject(422, elevenError(422, msg)),
    );
    if (isReject(body)) return body;
    return { ok: true, text: body.text, sampleRate: Number(format[1]) };
  },
};

const cartesiaError = (_status: number, message: string) => ({ error: message });

/** Cartesia `POST /tts/bytes` (raw pcm_s16le). */
export const cartesiaBytes: TtsVendorSpec = {
  name: 'cartesia',
  errorBody: cartesiaError,
  route(req, apiKey) {
    if (req.method !== 'POST' || req.path !== '/tts/bytes')
      return reject(404, cartesiaError(404, 'Not found'));
    if (!req.headers['cartesia-version'])
      return reject(400, cartesiaError(400, 'Cartesia-Version header is required'));
    const keyOk = req.headers['x-api-key'] === apiKey || req.headers.authorization === `Bearer ${apiKey}`;
    if (apiKey !== undefined && !keyOk) return reject(401, cartesiaError(401, 'Invalid API key'));
    const body = validate(
      z.object({
        model_id: z.string().min(1),
        transcript: z.string().min(1),
        voice: z.object({ mode: z.literal('id'), id: z.string().min(1) }),
        output_format: z.object({
          container: z.literal('raw'),
          encoding: z.literal('pcm_s16le'),
          sample_rate: z.union([8000, 16000, 22050, 24000, 44100, 48000].map((r) => z.literal(r))),
        }),
        language: z.string().optional(),
      }),
      req,
      (m) => reject(400, cartesiaError(400, m)),
    );
    if (isReject(body)) return body;
    return { ok: true, text: body.transcript, sampleRate: body.output_format.sample_rate };
  },
};

const deepgramError = (status: number, message: string) => ({
  err_code: status === 401 ? 'INVALID_AUTH' : 'REQUEST_FAILED',
  err_msg: message,
  request_id: 'dg-double',
});

/** Deepgram Aura `POST /v1/speak?model=…&encoding=linear16&sample_rate=…&container=none`. */
export const deepgramSpeak: TtsVendorSpec = {
  name: 'deepgram',
  errorBody: deepgramError,
  route(req, apiKey) {
    if (req.method !== 'POST' || req.path !== '/v1/speak')
      return reject(404, deepgramError(404, 'Not found'));
    if (apiKey !== undefined && req.headers.authorization !== `Token ${apiKey}`) {
      return reject(401, deepgramError(401, 'Invalid credentials.'));
    }
    const q = req.query;
    if (!/^aura-/.test(q.get('model') ?? ''))
      return reject(400, deepgramError(400, 'model must be an aura voice'));
    if (q.get('encoding') !== 'linear16' || q.get('container') !== 'none') {
      return reject(400, deepgramError(400, 'double serves encoding=linear16&container=none only'));
    }
    const rate = Number(q.get('sample_rate'));
    if (![8000, 16000, 24000, 32000, 48000].includes(rate))
      return reject(400, deepgramError(400, 'bad sample_rate'));
    const body = validate(z.object({ text: z.string().min(1) }), req, (m) =>
      reject(400, deepgramError(400, m)),
    );
    if (isReject(body)) return body;
    return { ok: true, text: body.text, sampleRate: rate };
  },
};
