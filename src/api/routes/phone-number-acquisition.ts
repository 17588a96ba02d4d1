import { createRoute } from '@hono/zod-openapi';
import type { PhoneNumberProvisioning } from '../../domain/phone-number/phone-number-provisioning.ts';
import { orgOf } from '../middleware/auth.ts';
import { createRouter, errorResponses, jsonBody, jsonResponse, secured } from '../openapi.ts';
import {
  NumberSearchQuery,
  NumberSearchResult,
  PhoneNumber,
  PhoneNumberPurchase,
} from '../schemas/phone-number.ts';

const tags = ['phone-numbers'];

const search = createRoute({
  method: 'get',
  path: '/search',
  tags,
  security: secured,
  summary: 'Search available numbers',
  description:
    'Numbers the carrier offers for purchase. The carrier is `provider`, or the one of `credential_id`, else the ' +
    'platform Twilio or Telnyx account, else the built-in `sim` carrier (fictional 555-01xx numbers). ' +
    'Numbers already registered on Parley are left out.',
  request: { query: NumberSearchQuery },
  responses: {
    200: jsonResponse(
      NumberSearchResult,
      'Available numbers, each with the `phone_number` to pass to purchase',
    ),
    ...errorResponses(400, 404, 502),
  },
});

const purchase = createRoute({
  method: 'post',
  path: '/purchase',
  tags,
  security: secured,
  summary: 'Purchase phone number',
  description:
    'Buys `phone_number` (or, without it, the first available number matching `country`/`area_code`/`contains`), ' +
    'points its voice webhook at Parley and registers it. Uses the platform carrier account, or `sim` when none is ' +
    'configured. Deleting the number later releases it back to the carrier.',
  request: jsonBody(PhoneNumberPurchase),
  responses: {
    201: jsonResponse(PhoneNumber, 'The purchased and registered number'),
    ...errorResponses(400, 404, 409, 502),
  },
});

/** `/v1/phone-numbers/search` and `/purchase`; mounted before the `/{phone_id}` routes so they win. */
export function phoneNumberAcquisitionRoutes(deps: { phoneNumberProvisioning: PhoneNumberProvisioning }) {
  return createRouter()
    .openapi(search, async (c) => {
      const result = await deps.phoneNumberProvisioning.search(orgOf(c), c.req.valid('query'));
      return c.json(
        { ...result, items: result.items.map((n) => ({ ...n, provider: result.provider })) },
        200,
      );
    })
    .openapi(purchase, async (c) =>
      c.json(await deps.phoneNumberProvisioning.purchase(orgOf(c), c.req.valid('json')), 201),
    );
}
