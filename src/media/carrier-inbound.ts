import type { CallRecord, CallRepo, NewCall } from '../domain/call/call.ts';
import type { CallLookup } from '../domain/call/call-lookup.ts';
import { isTerminal } from '../domain/call/call-status.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { type PhoneNumber, type PhoneNumberRecord, toView } from '../domain/phone-number/phone-number.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { CarrierLine } from './carrier-lines.ts';
import type { PhoneLegs } from './phone-legs.ts';

/** Who takes an inbound call (the inbound-routing service's decision, reference §4.14). */
export type InboundRouteDecision =
  | { kind: 'primary' | 'fallback'; agentId: string }
  | { kind: 'voicemail'; agentId: string; message: string }
  | { kind: 'busy'; agentId: string; reason: string };

export interface CarrierInboundDeps {
  numbers: { findByNumber(phoneNumber: string): Promise<PhoneNumberRecord | undefined> };
  /** Inbound routing: agent, fallback, voicemail message, or busy; throws when the number has no agent at all. */
  router: { route(orgId: string, number: PhoneNumber): Promise<InboundRouteDecision> };
  /** Stores a call within the daily cap, and hands it to the engine. */
  calls: {
    insert(orgId: string, call: NewCall): Promise<CallRecord>;
    launch(call: CallRecord): Promise<CallRecord>;
  };
  repo: Pick<CallRepo, 'get'>;
  lookup: CallLookup;
  legs: PhoneLegs;
  clock: Clock;
  logger: Logger;
}

/** How to answer the carrier: stream the call's media to Parley, refuse it as busy, or refuse it. */
export type InboundAnswer = { kind: 'stream'; callId: string } | { kind: 'busy' } | { kind: 'reject' };

/**
 * A carrier's incoming call to a registered number: routed like every inbound call, stored as an
 * inbound call (`type`/`direction` inbound, from/to, the carrier's id) and handed to the engine, whose
 * leg then answers it. Repeated webhooks for the same carrier call give the same answer.
 */
export class CarrierInbound {
  constructor(private readonly d: CarrierInboundDeps) {}

  number(e164: string): Promise<PhoneNumberRecord | undefined> {
    return this.d.numbers.findByNumber(e164);
  }

  async offer(
    number: PhoneNumberRecord,
    line: CarrierLine,
    c: { from: string; to: string; carrierCallId: string },
  ): Promise<InboundAnswer> {
    const orgId = number.org_id;
    const seen = await this.d.lookup.byCarrierCallId(c.carrierCallId);
    if (seen) {
      const call = await this.d.repo.get(seen.orgId, seen.callId);
      return call && !isTerminal(call.status) ? { kind: 'stream', callId: call.id } : { kind: 'reject' };
    }
    let route: InboundRouteDecision;
    try {
      route = await this.d.router.route(orgId, toView(number));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      this.d.logger.warn({ orgId, number: number.id, why: err.publicMessage }, 'inbound call refused');
      return { kind: 'reject' };
    }
    const metadata: Record<string, unknown> = { inbound_route: route.kind };
    if (route.kind === 'voicemail') metadata.voicemail_message = route.message;
    if (route.kind === 'busy') metadata.inbound_refused = route.reason;
    const stored = await this.insert(orgId, {
      id: newId('call', this.d.clock.now()),
      agent_id: route.agentId,
      type: 'inbound',
      direction: 'inbound',
      status: 'queued',
      from_number: c.from || null,
      to_number: c.to,
      phone_number_id: number.id,
      carrier: number.provider,
      room_name: null,
      scheduled_at: null,
      variables: {},
      metadata,
      overrides: {},
      webhook_url: null,
      twilio_call_sid: c.carrierCallId,
    });
    if (!stored) return { kind: 'busy' };
    if (route.kind !== 'busy') this.d.legs.offerInbound(stored.id, { line, carrierCallId: c.carrierCallId });
    const launched = await this.d.calls.launch(stored);
    if (route.kind === 'busy') return { kind: 'busy' };
    if (!isTerminal(launched.status)) return { kind: 'stream', callId: stored.id };
    this.d.legs.dropOffer(stored.id);
    return { kind: 'reject' };
  }

  /** Store the call; undefined when the workspace's daily cap is reached (the caller hears busy). */
  private async insert(orgId: string, call: NewCall): Promise<CallRecord | undefined> {
    try {
      return await this.d.calls.insert(orgId, call);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      this.d.logger.warn({ orgId, why: err.publicMessage }, 'inbound call refused');
      return undefined;
    }
  }
}
