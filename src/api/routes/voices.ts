import { createRoute } from '@hono/zod-openapi';
import type { VoiceService } from '../../domain/voice/voice-service.ts';
import { orgOf } from '../middleware/auth.ts';
import {
  createRouter,
  errorResponses,
  idParams,
  jsonBody,
  jsonResponse,
  offsetListRoute,
  offsetQuery,
  secured,
} from '../openapi.ts';
import { Voice, VoiceImport, VoiceListQuery } from '../schemas/voice.ts';

const tags = ['voices'];
const params = idParams('voice_id', 'vc_01kdvdna09qc7drhk7f4x8hk96');

const list = offsetListRoute({
  tags,
  summary: 'List voices',
  description:
    'The platform catalogue (offline flite voices first) followed by voices this workspace imported.',
  query: offsetQuery(50, 200).extend(VoiceListQuery.shape),
  item: Voice,
  pageName: 'VoicePage',
  pageDescription: 'A page of voices',
});
const get = createRoute({
  method: 'get',
  path: '/{voice_id}',
  tags,
  security: secured,
  summary: 'Get voice',
  description: '404 `VOICE_NOT_FOUND` for unknown ids and for voices another workspace imported.',
  request: { params },
  responses: { 200: jsonResponse(Voice, 'The voice'), ...errorResponses(404) },
});
const importVoice = createRoute({
  method: 'post',
  path: '/import',
  tags,
  security: secured,
  summary: 'Import a provider voice',
  description:
    'Registers a provider voice (e.g. a cloned one) under a Parley `vc_…` id. `credential_id` must be an integration ' +
    'of the same provider. Agents then use the returned id as `tts.voice_id`.',
  request: jsonBody(VoiceImport),
  responses: { 201: jsonResponse(Voice, 'The imported voice'), ...errorResponses(404) },
});
const remove = createRoute({
  method: 'delete',
  path: '/{voice_id}',
  tags,
  security: secured,
  summary: 'Delete an imported voice',
  description: '403 for platform voices; 409 with `details.agent_ids` while agents speak with it.',
  request: { params },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(403, 404, 409) },
});

/** `/v1/voices` */
export function voiceRoutes(deps: { voices: VoiceService }) {
  return createRouter()
    .openapi(list, async (c) => {
      const { limit, offset, provider } = c.req.valid('query');
      const page = await deps.voices.list(orgOf(c), { provider }, { limit, offset });
      return c.json({ ...page, limit, offset }, 200);
    })
    .openapi(importVoice, async (c) => c.json(await deps.voices.import(orgOf(c), c.req.valid('json')), 201))
    .openapi(get, async (c) => c.json(await deps.voices.get(orgOf(c), c.req.valid('param').voice_id), 200))
    .openapi(remove, async (c) => {
      await deps.voices.delete(orgOf(c), c.req.valid('param').voice_id);
      return c.body(null, 204);
    });
}
