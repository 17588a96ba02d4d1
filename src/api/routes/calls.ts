import { createRoute } from '@hono/zod-openapi';
import type { CallService } from '../../domain/call/call-service.ts';
import type { WebCallService } from '../../domain/call/web-call-service.ts';
import { orgOf } from '../middleware/auth.ts';
import {
  createRouter,
  cursorPage,
  cursorQuery,
  errorResponses,
  idParams,
  jsonBody,
  jsonResponse,
  offsetListRoute,
  offsetQuery,
  secured,
} from '../openapi.ts';
import {
  Call,
  CallCreate,
  CallListFilters,
  CallOutcomeUpdate,
  WebCall,
  WebCallCreate,
} from '../schemas/call.ts';

const tags = ['calls'];
const params = idParams('call_id', 'call_01jd8x2k3m4n5p6q7r8s9t0v1w');

const create = createRoute({
  method: 'post',
  path: '/',
  tags,
  security: secured,
  summary: 'Create an outbound phone call',
  description:
    'Dials `to_number` from a number registered in this workspace. With a future `scheduled_at` the call stays `queued` and is dialled then (durably, once); otherwise it is dispatched now. Calls on twilio/telnyx numbers need a speech-to-text provider (400 PROVIDER_NOT_CONFIGURED); the daily cap answers 429 with Retry-After.',
  request: jsonBody(CallCreate),
  responses: { 201: jsonResponse(Call, 'The created call'), ...errorResponses(400, 404, 429) },
});

const createWeb = createRoute({
  method: 'post',
  path: '/web',
  tags,
  security: secured,
  summary: 'Create a web call (secret key)',
  description:
    'Creates a browser call and returns `server_url` + a short-lived, single-use `participant_token`. Call this from your server; hand only those two values to the browser.',
  request: jsonBody(WebCallCreate),
  responses: { 201: jsonResponse(WebCall, 'The web-call session'), ...errorResponses(400, 404, 429) },
});

const listQuery = offsetQuery().extend(CallListFilters.shape);
const list = offsetListRoute({
  tags,
  summary: 'List calls (offset pagination)',
  description: 'Newest first. Filters combine with AND.',
  query: listQuery,
  item: Call,
  pageName: 'CallPage',
  pageDescription: 'A page of calls',
});

const listCursor = createRoute({
  method: 'get',
  path: '/cursor',
  tags,
  security: secured,
  summary: 'List calls (cursor pagination)',
  description:
    'Newest first; pass `next_cursor` as `cursor` for the next page (same filters). Stays fast on large histories.',
  request: { query: cursorQuery.extend(CallListFilters.shape) },
  responses: {
    200: jsonResponse(cursorPage(Call, 'CallCursorPage'), 'A page of calls'),
    ...errorResponses(),
  },
});

const get = createRoute({
  method: 'get',
  path: '/{call_id}',
  tags,
  security: secured,
  summary: 'Get call',
  description: '`messages`, `analysis` and `recording_url` are filled after the call ends.',
  request: { params },
  responses: { 200: jsonResponse(Call, 'The call'), ...errorResponses(404) },
});

const stop = createRoute({
  method: 'post',
  path: '/{call_id}/stop',
  tags,
  security: secured,
  summary: 'Stop a call',
  description:
    'Idempotent. A queued call is cancelled (`failed`, end_reason `cancelled`); a live call is hung up (`api_stop`); an ended call is returned unchanged.',
  request: { params },
  responses: { 200: jsonResponse(Call, 'The call'), ...errorResponses(404) },
});

const patch = createRoute({
  method: 'patch',
  path: '/{call_id}',
  tags,
  security: secured,
  summary: 'Set the call outcome',
  description:
    'Only `outcome` may be set (any other field is 422). Stored in `outcome` and `analysis.outcome` with `analysis.outcome_source: "manual"`, which post-call analysis never overwrites. Allowed in any status.',
  request: { params, ...jsonBody(CallOutcomeUpdate) },
  responses: { 200: jsonResponse(Call, 'The updated call'), ...errorResponses(404) },
});

/** `/v1/calls` */
export function callRoutes(deps: { calls: CallService; webCalls: WebCallService }) {
  return createRouter()
    .openapi(create, async (c) => {
      const { dynamic_variables, variables, ...body } = c.req.valid('json');
      const input = { ...body, variables: variables ?? dynamic_variables };
      return c.json(await deps.calls.create(orgOf(c), input), 201);
    })
    .openapi(createWeb, async (c) => c.json(await deps.webCalls.create(orgOf(c), c.req.valid('json')), 201))
    .openapi(list, async (c) => {
      const { limit, offset, ...filters } = c.req.valid('query');
      const page = await deps.calls.list(orgOf(c), filters, { limit, offset });
      return c.json({ ...page, limit, offset }, 200);
    })
    .openapi(listCursor, async (c) => {
      const { limit, cursor, ...filters } = c.req.valid('query');
      return c.json(await deps.calls.listCursor(orgOf(c), filters, { limit, cursor }), 200);
    })
    .openapi(get, async (c) => c.json(await deps.calls.get(orgOf(c), c.req.valid('param').call_id), 200))
    .openapi(stop, async (c) => c.json(await deps.calls.stop(orgOf(c), c.req.valid('param').call_id), 200))
    .openapi(patch, async (c) =>
      c.json(
        await deps.calls.setOutcome(orgOf(c), c.req.valid('param').call_id, c.req.valid('json').outcome),
        200,
      ),
    );
}
