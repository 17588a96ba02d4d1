import { createRoute } from '@hono/zod-openapi';
import type { PhoneNumberProvisioning } from '../../domain/phone-number/phone-number-provisioning.ts';
import type { PhoneNumberService } from '../../domain/phone-number/phone-number-service.ts';
import { orgOf } from '../middleware/auth.ts';
import {
  createRouter,
  errorResponses,
  idParams,
  jsonBody,
  jsonResponse,
  offsetListRoute,
  offsetPageBody,
  offsetQuery,
  secured,
} from '../openapi.ts';
import {
  InboundRouting,
  InboundRoutingCreate,
  PhoneNumber,
  PhoneNumberCreate,
  PhoneNumberUpdate,
} from '../schemas/phone-number.ts';

const tags = ['phone-numbers'];
const params = idParams('phone_id', 'phn_01jd8x2k3m4n5p6q7r8s9t0v1w');
const legacyParams = idParams('phone_number_id', 'phn_01jd8x2k3m4n5p6q7r8s9t0v1w');

const register = createRoute({
  method: 'post',
  path: '/',
  tags,
  security: secured,
  summary: 'Register phone number',
  description:
    'Bring your own number. Without `provider_config` (carrier API mode) Parley points the number’s voice webhook at ' +
    '`/v1/carriers/<provider>/voice` through the carrier API, using `credential_id` or the platform account ' +
    '(400 `CARRIER_NOT_CONFIGURED` when neither exists). With `provider_config` (SIP trunk mode) Parley provisions ' +
    'LiveKit SIP trunks and a dispatch rule (400 `SIP_TRUNK_PROVISION_FAILED` naming anything missing). ' +
    'A number is registered once across the platform (409).',
  request: jsonBody(PhoneNumberCreate),
  responses: {
    201: jsonResponse(PhoneNumber, 'The registered number'),
    ...errorResponses(400, 404, 409, 502),
  },
});

const list = offsetListRoute({
  tags,
  summary: 'List phone numbers',
  query: offsetQuery(),
  item: PhoneNumber,
  pageName: 'PhoneNumberPage',
  pageDescription: 'A page of numbers (newest first)',
});

const get = createRoute({
  method: 'get',
  path: '/{phone_id}',
  tags,
  security: secured,
  summary: 'Get phone number',
  request: { params },
  responses: { 200: jsonResponse(PhoneNumber, 'The number'), ...errorResponses(404) },
});

const update = createRoute({
  method: 'patch',
  path: '/{phone_id}',
  tags,
  security: secured,
  summary: 'Update phone number',
  description:
    'Merge semantics: omitted fields keep their values; in `inbound_routing`, omitted keys keep theirs and an ' +
    'explicit `null` (e.g. on `fallback`) clears it. Unknown fields are 422.',
  request: { params, ...jsonBody(PhoneNumberUpdate) },
  responses: { 200: jsonResponse(PhoneNumber, 'The updated number'), ...errorResponses(404) },
});

const remove = createRoute({
  method: 'delete',
  path: '/{phone_id}',
  tags,
  security: secured,
  summary: 'Delete phone number',
  description: 'Removes its SIP trunks and, when Parley bought the number, releases it back to the carrier.',
  request: { params },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 404, 502) },
});

const getRouting = createRoute({
  method: 'get',
  path: '/{phone_number_id}/inbound-routing',
  tags,
  security: secured,
  summary: 'Get inbound routing',
  description: 'Older sub-resource design; `agent_id` is the routing agent, else the number’s own agent.',
  request: { params: legacyParams },
  responses: { 200: jsonResponse(InboundRouting, 'The effective inbound routing'), ...errorResponses(404) },
});

const setRouting = createRoute({
  method: 'post',
  path: '/{phone_number_id}/inbound-routing',
  tags,
  security: secured,
  summary: 'Enable inbound routing',
  description: 'Older sub-resource design: replaces the routing and marks the number active.',
  request: { params: legacyParams, ...jsonBody(InboundRoutingCreate) },
  responses: { 201: jsonResponse(PhoneNumber, 'Inbound routing enabled'), ...errorResponses(404) },
});

/** `/v1/phone-numbers` */
export function phoneNumberRoutes(deps: {
  phoneNumbers: PhoneNumberService;
  phoneNumberProvisioning: PhoneNumberProvisioning;
}) {
  return createRouter()
    .openapi(register, async (c) =>
      c.json(await deps.phoneNumberProvisioning.register(orgOf(c), c.req.valid('json')), 201),
    )
    .openapi(list, async (c) => {
      const q = c.req.valid('query');
      return c.json(offsetPageBody(await deps.phoneNumbers.list(orgOf(c), q), q), 200);
    })
    .openapi(get, async (c) =>
      c.json(await deps.phoneNumbers.get(orgOf(c), c.req.valid('param').phone_id), 200),
    )
    .openapi(update, async (c) =>
      c.json(
        await deps.phoneNumbers.update(orgOf(c), c.req.valid('param').phone_id, c.req.valid('json')),
        200,
      ),
    )
    .openapi(remove, async (c) => {
      await deps.phoneNumberProvisioning.remove(orgOf(c), c.req.valid('param').phone_id);
      return c.body(null, 204);
    })
    .openapi(getRouting, async (c) =>
      c.json(await deps.phoneNumbers.getInboundRouting(orgOf(c), c.req.valid('param').phone_number_id), 200),
    )
    .openapi(setRouting, async (c) =>
      c.json(
        await deps.phoneNumbers.setInboundRouting(
          orgOf(c),
          c.req.valid('param').phone_number_id,
          c.req.valid('json'),
        ),
        201,
      ),
    );
}
