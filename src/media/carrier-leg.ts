import type { CallRecord } from '../domain/call/call.ts';
import type { CallLookup } from '../domain/call/call-lookup.ts';
import type { Clock, Timer } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { EndReason } from '../pipeline/frames.ts';
import type { AnsweredBy, CarrierCallEvent } from '../providers/telephony/call-events.ts';
import type { CallLeg, DialOutcome } from '../providers/telephony/call-leg.ts';
import {
  type CarrierMediaTransport,
  carrierFramesPerSend,
} from '../providers/telephony/carrier-media-transport.ts';
import { TelnyxCallControl } from '../providers/telephony/telnyx/telnyx-call-control.ts';
import type { CarrierLine } from './carrier-lines.ts';
import type { carrierUrls } from './carrier-urls.ts';
import { DeferredTransport } from './deferred-transport.ts';
import type { MediaTokens } from './media-token.ts';

export interface CarrierLegDeps {
  lineFor(call: CallRecord): Promise<CarrierLine>;
  lookup: CallLookup;
  tokens: MediaTokens;
  urls: ReturnType<typeof carrierUrls>;
  clock: Clock;
  logger: Logger;
  /** The leg is over: drop it from the registry. */
  forget(callId: string): void;
}

/** An incoming carrier call Parley accepted, waiting for the engine to connect it. */
export interface InboundOffer {
  line: CarrierLine;
  carrierCallId: string;
}

/** How long a dialled call may ring (carrier `Timeout`/`timeout_secs`) before it is `no_answer`. */
export const ringTimeoutSeconds = 60;
/** Past ringing, how long to wait for the carrier's media stream before giving up on the call. */
const mediaGraceMs = 90_000;
/** Longest wait for an answering-machine verdict once media flows (Twilio's own detection gives up at 30 s). */
const amdWaitMs = 35_000;

/**
 * One Twilio or Telnyx call as the call runner drives it (CallLeg). Outbound: `connect` dials and
 * resolves when the callee answered and the media stream reached Parley (after the machine-detection
 * verdict when asked), or when the carrier reports busy / no answer. Inbound: the call was offered by
 * a webhook; `connect` answers it (Telnyx) and resolves when its media arrives.
 */
export class CarrierLeg implements CallLeg {
  readonly transport: DeferredTransport<CarrierMediaTransport>;
  carrierCallId: string | undefined;
  private line: CarrierLine | undefined;
  private detectMachine = false;
  private answeredBy: AnsweredBy | undefined;
  private media: CarrierMediaTransport | undefined;
  private settled = false;
  private cancelled = false;
  private timer: Timer | undefined;
  private resolve!: (o: DialOutcome) => void;
  private reject!: (e: Error) => void;
  private readonly outcome: Promise<DialOutcome>;

  constructor(
    readonly call: CallRecord,
    private readonly offer: InboundOffer | undefined,
    private readonly d: CarrierLegDeps,
  ) {
    this.transport = new DeferredTransport(
      8000,
      8000,
      true,
      (reason) => this.cancel(reason),
      carrierFramesPerSend,
    );
    this.outcome = new Promise((res, rej) => {
      this.resolve = res;
      this.reject = rej;
    });
    if (offer) {
      this.line = offer.line;
      this.carrierCallId = offer.carrierCallId;
    }
  }

  /** The carrier line, once known (an inbound offer brings it; dialling looks it up). */
  get knownLine(): CarrierLine | undefined {
    return this.line;
  }

  async connect(opts: { detectMachine: boolean }): Promise<DialOutcome> {
    if (this.offer) await this.answer(this.offer);
    else await this.dial(opts.detectMachine);
    if (!this.settled)
      this.arm((this.offer ? 0 : ringTimeoutSeconds * 1000) + mediaGraceMs, () => this.noMedia());
    this.maybeAnswered();
    return this.outcome;
  }

  async cancel(_reason: EndReason): Promise<void> {
    if (this.cancelled) return;
    this.cancelled = true;
    this.finish();
    this.fail(new Error('the call was cancelled'));
    if (this.media) await this.media.hangup('api_stop');
    else if (this.carrierCallId && this.line)
      await this.line.control
        .hangup(this.carrierCallId)
        .catch((err) => this.d.logger.warn({ err, callId: this.call.id }, 'carrier hangup failed'));
  }

  /** The carrier's media stream for this call started. */
  bindMedia(media: CarrierMediaTransport): void {
    this.media = media;
    this.transport.bind(media);
    if (this.detectMachine && this.answeredBy === undefined)
      this.arm(amdWaitMs, () => {
        this.answeredBy = 'unknown';
        this.maybeAnswered();
      });
    this.maybeAnswered();
  }

  /** The media socket closed: the leg is over (the session, if any, hears the hang-up). */
  mediaClosed(): void {
    if (!this.settled) {
      // Hung up while we waited for the machine verdict: let the engine see the hang-up.
      this.answeredBy ??= 'unknown';
      this.maybeAnswered();
    }
    this.finish();
  }

  /** A verified progress callback from the carrier. */
  event(e: CarrierCallEvent): void {
    if (e.type === 'amd') {
      this.answeredBy ??= e.answeredBy;
      this.maybeAnswered();
    } else if (e.type === 'ended' && !this.settled) {
      this.finish();
      if (this.media) {
        this.answeredBy ??= 'unknown';
        this.maybeAnswered();
      } else if (e.outcome === 'busy' || e.outcome === 'no_answer') this.settle({ kind: e.outcome });
      else
        this.fail(
          new Error(`${this.line?.carrier ?? 'the carrier'} could not connect the call (${e.outcome})`),
        );
    }
  }

  private async dial(detectMachine: boolean): Promise<void> {
    const { call, d } = this;
    this.detectMachine = detectMachine;
    const line = await d.lineFor(call);
    this.line = line;
    const sid = await line.control.dial({
      callId: call.id,
      to: call.to_number!,
      from: call.from_number!,
      mediaUrl: d.urls.media(line.carrier, call.id),
      mediaToken: d.tokens.issue(call.id),
      eventsUrl: d.urls.events(line.carrier, call.id),
      machineDetection: detectMachine,
      ringTimeoutSeconds,
    });
    this.carrierCallId = sid;
    await d.lookup.setCarrierCallId(call.org_id, call.id, sid);
  }

  private async answer(offer: InboundOffer): Promise<void> {
    this.answeredBy = 'human';
    // Twilio answered with the TwiML of the voice webhook; Telnyx waits for an answer command.
    if (offer.line.control instanceof TelnyxCallControl)
      await offer.line.control.answer(offer.carrierCallId, this.call.id, {
        url: this.d.urls.media('telnyx', this.call.id),
        authToken: this.d.tokens.issue(this.call.id),
      });
  }

  private maybeAnswered(): void {
    if (this.settled || !this.media || (this.detectMachine && this.answeredBy === undefined)) return;
    if (this.timer !== undefined) this.d.clock.clearTimeout(this.timer);
    this.settle({ kind: 'answered', by: this.answeredBy ?? 'unknown' });
  }

  private noMedia(): void {
    if (this.settled) return;
    this.fail(
      new Error(
        `No media stream arrived from ${this.line?.carrier ?? 'the carrier'}; check that PARLEY_PUBLIC_URL is reachable by the carrier (https and wss).`,
      ),
    );
    void this.cancel('error');
  }

  private arm(ms: number, fn: () => void): void {
    if (this.timer !== undefined) this.d.clock.clearTimeout(this.timer);
    this.timer = this.d.clock.setTimeout(fn, ms);
  }

  private settle(o: DialOutcome): void {
    if (this.settled) return;
    this.settled = true;
    this.resolve(o);
  }

  private fail(e: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(e);
  }

  private finish(): void {
    if (this.timer !== undefined) this.d.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.d.forget(this.call.id);
  }
}
