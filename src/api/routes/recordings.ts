import { createRoute } from '@hono/zod-openapi';
import { parseByteRange, type RecordingAccess } from '../../domain/call/recording-access.ts';
import { createRouter, errorResponses, z } from '../openapi.ts';

const wav = { 'audio/wav': { schema: z.string().openapi({ type: 'string', format: 'binary' }) } };

const download = createRoute({
  method: 'get',
  path: '/{call_id}',
  tags: ['calls'],
  summary: 'Download a call recording (signed link, no API key)',
  description:
    'The `recording_url` of a call: a stereo WAV (caller left, agent right). The link is signed and valid for 4 hours; an expired or altered link answers 403 — fetch the call again for a fresh one. Supports `Range: bytes=…` (206 Partial Content) so players can seek.',
  request: {
    params: z.object({ call_id: z.string().openapi({ example: 'call_01jd8x2k3m4n5p6q7r8s9t0v1w' }) }),
    query: z.object({
      expires: z.string().optional().openapi({ description: 'Unix seconds when the link expires' }),
      sig: z.string().optional().openapi({ description: 'HMAC signature of the link' }),
    }),
  },
  responses: {
    200: { description: 'The whole recording', content: wav },
    206: { description: 'The requested byte range', content: wav },
    416: { description: 'The range lies beyond the end of the recording' },
    ...errorResponses(403, 404),
  },
});

/** `GET /v1/recordings/{call_id}`: served without an API key; the signature in the query authorises it. */
export function recordingRoutes(deps: { recordings: RecordingAccess }) {
  return createRouter().openapi(download, async (c) => {
    const { call_id } = c.req.valid('param');
    const { expires, sig } = c.req.valid('query');
    const data = (await deps.recordings.open(call_id, expires, sig)) as Uint8Array<ArrayBuffer>;
    const headers: Record<string, string> = {
      'content-type': 'audio/wav',
      'accept-ranges': 'bytes',
      'cache-control': 'private, max-age=300',
      'content-disposition': `inline; filename="${call_id}.wav"`,
    };
    const range = parseByteRange(c.req.header('range'), data.byteLength);
    if (range === 'unsatisfiable')
      return c.body(null, 416, { ...headers, 'content-range': `bytes */${data.byteLength}` });
    if (!range) return c.body(data, 200, { ...headers, 'content-length': String(data.byteLength) });
    const part = data.subarray(range.start, range.end + 1);
    return c.body(part, 206, {
      ...headers,
      'content-length': String(part.byteLength),
      'content-range': `bytes ${range.start}-${range.end}/${data.byteLength}`,
    });
  });
}
