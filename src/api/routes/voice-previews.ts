import { createRoute } from '@hono/zod-openapi';
import type { VoicePreviews } from '../../domain/voice/voice-preview.ts';
import { createRouter, errorResponses, z } from '../openapi.ts';

const preview = createRoute({
  method: 'get',
  path: '/{voice_id}/preview',
  tags: ['voices'],
  summary: 'Play a voice preview (no API key)',
  description:
    'The `preview_url` of an offline platform voice (flite): a short mono WAV of the voice saying "Hi, I\'m Kal. This is how I sound on a call.", made by Parley on first request and kept in memory. Public — it holds no workspace data — so an `<audio>` element can load it. Other voices (vendor and imported) have no Parley preview: 404 `VOICE_PREVIEW_NOT_FOUND`. Parley extra.',
  request: {
    params: z.object({ voice_id: z.string().openapi({ example: 'vc_01kdvdna00tczsq5t9p4wwb14p' }) }),
  },
  responses: {
    200: {
      description: 'The preview',
      content: { 'audio/wav': { schema: z.string().openapi({ type: 'string', format: 'binary' }) } },
    },
    ...errorResponses(404),
  },
});

/** `GET /v1/voices/{voice_id}/preview`: served without an API key. */
export function voicePreviewRoutes(deps: { voicePreviews: VoicePreviews }) {
  return createRouter().openapi(preview, async (c) => {
    const { voice_id } = c.req.valid('param');
    const wav = (await deps.voicePreviews.audio(voice_id)) as Uint8Array<ArrayBuffer>;
    return c.body(wav, 200, {
      'content-type': 'audio/wav',
      'content-length': String(wav.byteLength),
      // Same bytes for everyone; a new release may change the sentence.
      'cache-control': 'public, max-age=86400',
      'content-disposition': `inline; filename="${voice_id}.wav"`,
    });
  });
}
