import type { CallRecord } from '../domain/call/call.ts';
import type { CallLookup } from '../domain/call/call-lookup.ts';
import type { PhoneNumberRecord } from '../domain/phone-number/phone-number.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { CarrierCallEvent } from '../providers/telephony/call-events.ts';
import type { CallLeg, CallLegOptions } from '../providers/telephony/call-leg.ts';
import { CarrierLeg, type InboundOffer } from './carrier-leg.ts';
import type { CarrierLine, CarrierLines } from './carrier-lines.ts';
import { carrierUrls } from './carrier-urls.ts';
import type { MediaTokens } from './media-token.ts';

export interface CarrierLegsDeps {
  numbers: { get(orgId: string, id: string): Promise<PhoneNumberRecord | undefined> };
  lines: CarrierLines;
  lookup: CallLookup;
  tokens: MediaTokens;
  publicUrl: string;
  clock: Clock;
  logger: Logger;
}

/**
 * The Twilio and Telnyx legs of the calls this process runs, by call id: the runner makes them
 * (`leg`, the `carriers.twilio`/`carriers.telnyx` entries), carrier callbacks and media streams find
 * them here. A media stream or callback for a call whose leg is elsewhere finds nothing (sticky routing
 * per call is needed when several nodes share one public URL).
 */
export class PhoneLegs {
  private readonly legs = new Map<string, CarrierLeg>();
  private readonly offers = new Map<string, InboundOffer>();
  readonly urls: ReturnType<typeof carrierUrls>;

  constructor(private readonly d: CarrierLegsDeps) {
    this.urls = carrierUrls(d.publicUrl);
  }

  /** The runner's CallLeg factory for calls on Twilio and Telnyx numbers. */
  readonly leg = (call: CallRecord, opts: CallLegOptions): CallLeg => {
    const offer = this.offers.get(call.id);
    this.offers.delete(call.id);
    if (opts.direction === 'inbound' && !offer)
      throw new Error(`inbound call ${call.id} was not offered by its carrier on this node`);
    const leg = new CarrierLeg(call, offer, {
      lineFor: (c) => this.lineFor(c),
      lookup: this.d.lookup,
      tokens: this.d.tokens,
      urls: this.urls,
      clock: this.d.clock,
      logger: this.d.logger,
      forget: (id) => {
        if (this.legs.get(id) === leg) this.legs.delete(id);
      },
    });
    this.legs.set(call.id, leg);
    return leg;
  };

  /** An incoming call was accepted for `callId`: its leg picks this up when the runner connects it. */
  offerInbound(callId: string, offer: InboundOffer): void {
    this.offers.set(callId, offer);
  }

  /** Forget an offer the engine never took (the call could not start). */
  dropOffer(callId: string): void {
    this.offers.delete(callId);
  }

  find(callId: string): CarrierLeg | undefined {
    return this.legs.get(callId);
  }

  get size(): number {
    return this.legs.size;
  }

  /** A verified progress callback for a call (ignored when its leg is not here or is over). */
  event(callId: string, e: CarrierCallEvent): void {
    this.legs.get(callId)?.event(e);
  }

  /** The carrier line (REST control, callback secret) of a stored call: its number's account. */
  async lineFor(call: Pick<CallRecord, 'org_id' | 'phone_number_id' | 'carrier'>): Promise<CarrierLine> {
    const n = call.phone_number_id ? await this.d.numbers.get(call.org_id, call.phone_number_id) : undefined;
    const provider = n?.provider ?? call.carrier;
    if (provider !== 'twilio' && provider !== 'telnyx') throw new Error(`${provider} is not a phone carrier`);
    return this.d.lines.forNumber(call.org_id, {
      provider,
      credential_id: n?.credential_id ?? null,
      carrier_connection_id: n?.carrier_connection_id ?? null,
    });
  }
}
