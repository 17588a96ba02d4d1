import type { Clock } from '../../lib/clock.ts';
import { errors } from '../errors.ts';
import { newId } from '../ids.ts';
import { inboundTargets } from '../phone-number/inbound-routing.ts';
import type { PhoneNumber } from '../phone-number/phone-number.ts';
import type { Call, NewCall } from './call.ts';
import type { CallService } from './call-service.ts';
import type { SimConfig } from './sim-script.ts';

/** Who takes an inbound call: the routing's agent, its fallback, the number's voicemail message, or nobody. */
export type InboundRoute =
  | { kind: 'primary' | 'fallback'; agentId: string }
  | { kind: 'voicemail'; agentId: string; message: string }
  | { kind: 'busy'; agentId: string; reason: string };

/**
 * The stored form of an inbound call to `number` routed by `route`: `type`/`direction` inbound,
 * from the caller to the number, `metadata.inbound_route` (and the voicemail message or the reason
 * it was refused). Carriers' incoming-call webhooks store the same record.
 */
export function inboundCallRecord(
  number: Pick<PhoneNumber, 'id' | 'phone_number' | 'provider'>,
  route: InboundRoute,
  from: string,
  nowMs: number,
  metadata: Record<string, unknown> = {},
): NewCall {
  const meta: Record<string, unknown> = { ...metadata, inbound_route: route.kind };
  if (route.kind === 'voicemail') meta.voicemail_message = route.message;
  if (route.kind === 'busy') meta.inbound_refused = route.reason;
  return {
    id: newId('call', nowMs),
    agent_id: route.agentId,
    type: 'inbound',
    direction: 'inbound',
    status: 'queued',
    from_number: from || null,
    to_number: number.phone_number,
    phone_number_id: number.id,
    carrier: number.provider,
    room_name: null,
    scheduled_at: null,
    variables: {},
    metadata: meta,
    overrides: {},
    webhook_url: null,
  };
}

export interface InboundCallDeps {
  numbers: { get(orgId: string, id: string): Promise<PhoneNumber> };
  agentExists(orgId: string, agentId: string): Promise<boolean>;
  /** True while the workspace is under `max_concurrent_calls`. */
  hasFreeSlot(orgId: string): Promise<boolean>;
  calls: Pick<CallService, 'insert' | 'launch' | 'view'>;
  clock: Clock;
}

/**
 * Inbound calls (reference §4.14, decisions §9): the number's `inbound_routing` agent (else its
 * `agent_id`) takes the call; when it cannot — deleted, or the workspace is at its concurrency
 * limit — the `fallback` agent does; when neither can, the `voicemail_message` is played; with none
 * of these the caller hears busy. Carriers' incoming-call webhooks and `simulate-inbound` both land here.
 */
export class InboundCallService {
  constructor(private readonly d: InboundCallDeps) {}

  /** Decide who takes a call to `number` now. */
  async route(orgId: string, number: PhoneNumber): Promise<InboundRoute> {
    const t = inboundTargets(number);
    // The slot count and the agent's existence at once: one wait on the webhook's path, not two.
    const [free, primary] = await Promise.all([
      this.d.hasFreeSlot(orgId),
      t.agentId !== null && this.d.agentExists(orgId, t.agentId),
    ]);
    const usable = async (id: string | null) => id !== null && free && (await this.d.agentExists(orgId, id));
    if (free && primary) return { kind: 'primary', agentId: t.agentId! };
    if (await usable(t.fallbackAgentId)) return { kind: 'fallback', agentId: t.fallbackAgentId! };
    const agentId = t.agentId ?? t.fallbackAgentId ?? '';
    if (t.voicemailMessage) return { kind: 'voicemail', agentId, message: t.voicemailMessage };
    if (!t.agentId && !t.fallbackAgentId)
      throw errors.badRequest(
        'NO_INBOUND_ROUTE',
        `Phone number ${number.phone_number} has no agent for inbound calls. Set its agent_id or inbound_routing (PATCH /v1/phone-numbers/${number.id}).`,
      );
    return {
      kind: 'busy',
      agentId,
      reason: free
        ? `No agent can take the call: agent ${agentId} no longer exists and there is no usable fallback.`
        : 'No agent can take the call: the workspace is at its concurrency limit.',
    };
  }

  /** `POST /v1/phone-numbers/{id}/simulate-inbound`: a sim caller rings the number, following `sim`. */
  async simulate(
    orgId: string,
    numberId: string,
    input: { from_number: string; sim?: SimConfig | undefined },
  ): Promise<Call> {
    const number = await this.d.numbers.get(orgId, numberId);
    if (number.provider !== 'sim')
      throw errors.badRequest(
        'NOT_A_SIM_NUMBER',
        `Phone number ${number.phone_number} is on ${number.provider}; simulated inbound calls ring sim numbers only. Buy one with POST /v1/phone-numbers/purchase (provider "sim").`,
      );
    const route = await this.route(orgId, number);
    const record = inboundCallRecord(number, route, input.from_number, this.d.clock.now(), {
      sim: input.sim ?? {},
    });
    const call = await this.d.calls.insert(orgId, record);
    return this.d.calls.view(await this.d.calls.launch(call));
  }
}
