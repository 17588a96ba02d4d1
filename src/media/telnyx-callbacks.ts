import type { KeyObject } from 'node:crypto';
import type { CallRecord, CallRepo } from '../domain/call/call.ts';
import type { CallLookup } from '../domain/call/call-lookup.ts';
import type { PhoneNumberRecord } from '../domain/phone-number/phone-number.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import { TelnyxCallControl } from '../providers/telephony/telnyx/telnyx-call-control.ts';
import { telnyxSignatureValid } from '../providers/telephony/telnyx/telnyx-signature.ts';
import {
  telnyxCallEvent,
  telnyxCallIdOf,
  telnyxWebhookSchema,
} from '../providers/telephony/telnyx/telnyx-webhooks.ts';
import type { CarrierInbound } from './carrier-inbound.ts';
import type { CarrierLine, CarrierLines } from './carrier-lines.ts';
import { type CarrierReply, forbidden, malformed } from './carrier-reply.ts';
import type { PhoneLegs } from './phone-legs.ts';

export interface TelnyxRequest {
  rawBody: string;
  signature: string | undefined;
  timestamp: string | undefined;
}

export interface TelnyxCallbacksDeps {
  inbound: CarrierInbound;
  legs: PhoneLegs;
  lines: CarrierLines;
  calls: Pick<CallRepo, 'get'>;
  lookup: CallLookup;
  clock: Clock;
  logger: Logger;
}

const ok: CarrierReply = { status: 200, contentType: 'application/json', body: '{}' };

/**
 * Telnyx Call Control webhooks (`POST /v1/carriers/telnyx/voice`, every event of every call): each is
 * verified with the Ed25519 public key of the account the call or number belongs to (integration
 * `metadata.public_key`, else TELNYX_PUBLIC_KEY) before it is acted on; a bad signature answers 403.
 */
export class TelnyxCallbacks {
  constructor(private readonly d: TelnyxCallbacksDeps) {}

  async event(req: TelnyxRequest): Promise<CarrierReply> {
    let json: unknown;
    try {
      json = JSON.parse(req.rawBody);
    } catch {
      return malformed;
    }
    const parsed = telnyxWebhookSchema.safeParse(json);
    if (!parsed.success) return malformed;
    const w = parsed.data;
    const p = w.data.payload;
    const call = await this.callOf(p.client_state, p.call_control_id);
    const number = !call && p.to ? await this.d.inbound.number(p.to) : undefined;
    const line = call
      ? await this.lineFor(call)
      : number?.provider === 'telnyx'
        ? await this.lineOf(number)
        : undefined;
    const key: KeyObject | undefined = line
      ? line.publicKey
      : number
        ? undefined
        : this.d.lines.platformTelnyx;
    if (!key || !telnyxSignatureValid(key, req, req.rawBody, this.d.clock.now())) return forbidden;
    const ccid = p.call_control_id;
    if (!ccid) return ok;
    if (call) this.d.legs.event(call.id, telnyxCallEvent(w));
    else if (number && line && w.data.event_type === 'call.initiated' && p.direction === 'incoming')
      await this.offer(number, line, { from: p.from ?? '', to: p.to ?? '', carrierCallId: ccid });
    return ok;
  }

  /** An incoming call: the engine's leg answers it with a media stream, or it is rejected (busy). */
  private async offer(
    number: PhoneNumberRecord,
    line: CarrierLine,
    c: { from: string; to: string; carrierCallId: string },
  ): Promise<void> {
    const answer = await this.d.inbound.offer(number, line, c);
    if (answer.kind === 'stream') return;
    if (line.control instanceof TelnyxCallControl)
      await line.control.reject(c.carrierCallId, answer.kind === 'busy' ? 'USER_BUSY' : 'CALL_REJECTED');
  }

  /** The call an event is about: by the call id in `client_state`, else by call_control_id; only when both agree. */
  private async callOf(clientState: string | null | undefined, ccid: string | undefined) {
    const callId = telnyxCallIdOf(clientState);
    const ref = callId
      ? { orgId: await this.d.lookup.orgOf(callId), callId }
      : ccid
        ? await this.d.lookup.byCarrierCallId(ccid)
        : undefined;
    const call: CallRecord | undefined = ref?.orgId
      ? await this.d.calls.get(ref.orgId, ref.callId)
      : undefined;
    if (call?.carrier !== 'telnyx') return undefined;
    return !call.twilio_call_sid || !ccid || call.twilio_call_sid === ccid ? call : undefined;
  }

  private lineFor(call: CallRecord): Promise<CarrierLine | undefined> {
    return this.d.legs.lineFor(call).catch((err: unknown) => this.noLine(err));
  }

  private lineOf(n: PhoneNumberRecord): Promise<CarrierLine | undefined> {
    return this.d.lines.forNumber(n.org_id, n).catch((err: unknown) => this.noLine(err));
  }

  private noLine(err: unknown): undefined {
    this.d.logger.warn({ err }, 'no Telnyx account to verify a webhook with');
    return undefined;
  }
}
