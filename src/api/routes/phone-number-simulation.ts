import { createRoute } from '@hono/zod-openapi';
import type { InboundCallService } from '../../domain/call/inbound-call-service.ts';
import { simConfigSchema } from '../../domain/call/sim-script.ts';
import { orgOf } from '../middleware/auth.ts';
import {
  createRouter,
  e164,
  errorResponses,
  idParams,
  jsonBody,
  jsonResponse,
  secured,
  z,
} from '../openapi.ts';
import { Call } from '../schemas/call.ts';

const SimulateInbound = z
  .object({
    from_number: e164.openapi({
      description: 'The simulated caller’s number (E.164)',
      example: '+14155550100',
    }),
    sim: simConfigSchema.optional().openapi({
      description:
        'What the caller does (decisions §9): `script` steps `{say, after_ms}`, `{say, barge_in_ms}`, `{dtmf}`, `{silence_ms}`, `{hangup: true}`, or a `persona`; absent = the default persona. See docs/sim-carrier.md.',
      example: {
        script: [
          { say: 'Hi, what are your opening hours?', after_ms: 600 },
          { say: 'Great, thanks. Goodbye!', after_ms: 600 },
          { hangup: true },
        ],
      },
    }),
  })
  .openapi('SimulateInbound');

const simulate = createRoute({
  method: 'post',
  path: '/{phone_number_id}/simulate-inbound',
  tags: ['phone-numbers'],
  security: secured,
  summary: 'Simulate an inbound call to a sim number',
  description:
    'A simulated caller rings this sim number and follows `sim`. The call is routed like a real inbound call — `inbound_routing.agent_id` (else the number’s `agent_id`), then `fallback.agent_id` when that agent is deleted or the workspace is at its concurrency limit, then `voicemail_message` — and runs on the real engine. Returns the new call (type and direction `inbound`); poll `GET /v1/calls/{id}` for the result. 400 NOT_A_SIM_NUMBER for carrier numbers, 400 NO_INBOUND_ROUTE when the number has no agent.',
  request: {
    params: idParams('phone_number_id', 'phn_01jd8x2k3m4n5p6q7r8s9t0v1w'),
    ...jsonBody(SimulateInbound),
  },
  responses: { 201: jsonResponse(Call, 'The inbound call'), ...errorResponses(400, 404, 429) },
});

/** `/v1/phone-numbers/{id}/simulate-inbound` */
export function phoneNumberSimulationRoutes(deps: { inboundCalls: InboundCallService }) {
  return createRouter().openapi(simulate, async (c) => {
    const id = c.req.valid('param').phone_number_id;
    return c.json(await deps.inboundCalls.simulate(orgOf(c), id, c.req.valid('json')), 201);
  });
}
