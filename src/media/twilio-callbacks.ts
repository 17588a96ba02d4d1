import type { CallRecord, CallRepo } from '../domain/call/call.ts';
import type { CallLookup } from '../domain/call/call-lookup.ts';
import type { Logger } from '../lib/logger.ts';
import {
  type TwilioCallback,
  twilioCallbackSchema,
  twilioCallEvent,
} from '../providers/telephony/twilio/twilio-callbacks.ts';
import { twilioSignatureValid } from '../providers/telephony/twilio/twilio-signature.ts';
import { connectStreamTwiml, rejectTwiml } from '../providers/telephony/twilio/twilio-twiml.ts';
import type { CarrierInbound } from './carrier-inbound.ts';
import type { CarrierLine, CarrierLines, LineNumber } from './carrier-lines.ts';
import { accepted, type CarrierReply, forbidden, malformed, twiml } from './carrier-reply.ts';
import type { MediaTokens } from './media-token.ts';
import type { PhoneLegs } from './phone-legs.ts';

/** A Twilio callback as received: its POST parameters, X-Twilio-Signature and the path+query it was sent to. */
export interface TwilioRequest {
  params: Record<string, string>;
  signature: string | undefined;
  pathAndQuery: string;
  /** `call_id` from the query of per-call callback URLs. */
  callId: string | undefined;
}

export interface TwilioCallbacksDeps {
  inbound: CarrierInbound;
  legs: PhoneLegs;
  lines: CarrierLines;
  calls: Pick<CallRepo, 'get'>;
  lookup: CallLookup;
  tokens: MediaTokens;
  /** TWILIO_AUTH_TOKEN: verifies callbacks about numbers no workspace has registered. */
  platformAuthToken: string | undefined;
  logger: Logger;
}

/**
 * Twilio's voice callbacks. Every request is verified against the Auth Token of the account the
 * number or call belongs to (its integration, else the platform's) before anything is changed; a
 * bad or missing signature answers 403.
 */
export class TwilioCallbacks {
  constructor(private readonly d: TwilioCallbacksDeps) {}

  /** `POST /v1/carriers/twilio/voice`: an incoming call to a registered number → TwiML. */
  async voice(req: TwilioRequest): Promise<CarrierReply> {
    const parsed = twilioCallbackSchema.safeParse(req.params);
    if (!parsed.success || !parsed.data.To) return malformed;
    const p = parsed.data;
    const to = p.To!;
    const number = await this.d.inbound.number(to);
    const line = number?.provider === 'twilio' ? await this.lineOf(number.org_id, number) : undefined;
    if (!this.verified(req, line?.authToken ?? (number ? undefined : this.d.platformAuthToken)))
      return forbidden;
    if (!number || !line) return twiml(rejectTwiml('rejected'));
    const answer = await this.d.inbound.offer(number, line, {
      from: p.From ?? '',
      to,
      carrierCallId: p.CallSid,
    });
    if (answer.kind !== 'stream') return twiml(rejectTwiml(answer.kind === 'busy' ? 'busy' : 'rejected'));
    const { callId } = answer;
    return twiml(
      connectStreamTwiml(this.d.legs.urls.media('twilio', callId), {
        call_id: callId,
        token: this.d.tokens.issue(callId),
      }),
    );
  }

  /** `POST /v1/carriers/twilio/status`: call progress and async answering-machine results. */
  async status(req: TwilioRequest): Promise<CarrierReply> {
    const parsed = twilioCallbackSchema.safeParse(req.params);
    if (!parsed.success) return malformed;
    const p = parsed.data;
    const call = await this.callOf(req.callId, p);
    let token: string | undefined;
    if (call) token = (await this.lineFor(call))?.authToken;
    else {
      const number = await this.d.inbound.number(p.Direction === 'inbound' ? (p.To ?? '') : (p.From ?? ''));
      token = number ? (await this.lineOf(number.org_id, number))?.authToken : this.d.platformAuthToken;
    }
    if (!this.verified(req, token)) return forbidden;
    if (call) this.d.legs.event(call.id, twilioCallEvent(p));
    return accepted;
  }

  private verified(req: TwilioRequest, authToken: string | undefined): boolean {
    return (
      !!authToken &&
      twilioSignatureValid(authToken, req.signature, this.d.legs.urls.signed(req.pathAndQuery), req.params)
    );
  }

  /** The call a status callback is about: by `call_id` (outbound), else by CallSid; only when both agree. */
  private async callOf(callId: string | undefined, p: TwilioCallback): Promise<CallRecord | undefined> {
    const ref = callId
      ? { orgId: await this.d.lookup.orgOf(callId), callId }
      : await this.d.lookup.byCarrierCallId(p.CallSid);
    const call = ref?.orgId ? await this.d.calls.get(ref.orgId, ref.callId) : undefined;
    if (call?.carrier !== 'twilio') return undefined;
    return !call.twilio_call_sid || call.twilio_call_sid === p.CallSid ? call : undefined;
  }

  private lineFor(call: CallRecord): Promise<CarrierLine | undefined> {
    return this.d.legs.lineFor(call).catch((err: unknown) => this.noLine(err, call.org_id));
  }

  private lineOf(orgId: string, n: LineNumber): Promise<CarrierLine | undefined> {
    return this.d.lines.forNumber(orgId, n).catch((err: unknown) => this.noLine(err, orgId));
  }

  private noLine(err: unknown, orgId: string): undefined {
    this.d.logger.warn({ err, orgId }, 'no Twilio account to verify a callback with');
    return undefined;
  }
}
