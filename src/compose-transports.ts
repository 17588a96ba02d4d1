import type { Config } from './config/config.ts';
import type { CallRecord, CallRepo, NewCall } from './domain/call/call.ts';
import type { PhoneNumber, PhoneNumberRecord } from './domain/phone-number/phone-number.ts';
import type { Clock } from './lib/clock.ts';
import type { Logger } from './lib/logger.ts';
import type { SecretBox } from './lib/secret-box.ts';
import { CarrierInbound, type InboundRouteDecision } from './media/carrier-inbound.ts';
import { CarrierLines, type LineAccounts } from './media/carrier-lines.ts';
import { carrierMediaEndpoint } from './media/carrier-media-endpoint.ts';
import { MediaServer } from './media/media-server.ts';
import { MediaTokens } from './media/media-token.ts';
import { PhoneLegs } from './media/phone-legs.ts';
import { TelnyxCallbacks } from './media/telnyx-callbacks.ts';
import { TwilioCallbacks } from './media/twilio-callbacks.ts';
import { telnyxMediaProtocol } from './providers/telephony/telnyx/telnyx-media-protocol.ts';
import { twilioMediaProtocol } from './providers/telephony/twilio/twilio-media-protocol.ts';
import { PgCallLookup } from './store/carrier-calls-repo.ts';
import type { Db } from './store/db.ts';
import { liveKitLegs } from './transports/livekit/livekit-leg.ts';
import { LiveKitRooms } from './transports/livekit/livekit-rooms.ts';
import type { WebParticipant } from './transports/web-call-token.ts';
import { WebCalls } from './transports/web-calls.ts';

export interface TransportsInput {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  secrets: SecretBox;
  callRepo: CallRepo;
  phoneNumbers: {
    get(orgId: string, id: string): Promise<PhoneNumberRecord | undefined>;
    findByNumber(phoneNumber: string): Promise<PhoneNumberRecord | undefined>;
  };
  carrierAccounts: LineAccounts;
  integrations: { resolve(orgId: string, id: string): Promise<{ metadata: Record<string, unknown> }> };
  /** The Calls service (store within the daily cap, hand to the engine); late-bound: it is built after the engine. */
  calls: () => {
    insert(orgId: string, call: NewCall): Promise<CallRecord>;
    launch(call: CallRecord): Promise<CallRecord>;
  };
  /** Inbound routing (agent, fallback, voicemail, busy); late-bound like `calls`. */
  inboundRouter: () => { route(orgId: string, number: PhoneNumber): Promise<InboundRouteDecision> };
  participantTokens: () => { verifyParticipantToken(token: string): Promise<WebParticipant> };
}

/**
 * Wire the phone and web transports: Twilio/Telnyx call legs for the engine (`legs`), their signed
 * callbacks (`/v1/carriers/*`), inbound routing from carrier webhooks, built-in web calls, and the
 * media WebSocket server (`media.attach(httpServer)` in main.ts).
 */
export function composeTransports(i: TransportsInput) {
  const { config, clock, logger } = i;
  const lookup = new PgCallLookup(i.db);
  const tokens = new MediaTokens(i.secrets);
  const lines = new CarrierLines(
    i.carrierAccounts,
    {
      metadata: (org, id) =>
        i.integrations.resolve(org, id).then(
          (r) => r.metadata,
          () => undefined,
        ),
    },
    config.telephony.telnyx.publicKey,
  );
  const carrierLegs = new PhoneLegs({
    numbers: i.phoneNumbers,
    lines,
    lookup,
    tokens,
    publicUrl: config.http.publicUrl,
    clock,
    logger,
  });
  const inbound = new CarrierInbound({
    numbers: i.phoneNumbers,
    router: { route: (org, n) => i.inboundRouter().route(org, n) },
    calls: { insert: (org, c) => i.calls().insert(org, c), launch: (c) => i.calls().launch(c) },
    repo: i.callRepo,
    lookup,
    legs: carrierLegs,
    clock,
    logger,
  });
  const callbackDeps = { inbound, legs: carrierLegs, lines, calls: i.callRepo, lookup, logger };
  const twilioCallbacks = new TwilioCallbacks({
    ...callbackDeps,
    tokens,
    platformAuthToken: config.telephony.twilio.authToken,
  });
  const telnyxCallbacks = new TelnyxCallbacks({ ...callbackDeps, clock });
  const webCalls = new WebCalls({
    calls: i.callRepo,
    tokens: { verifyParticipantToken: (t) => i.participantTokens().verifyParticipantToken(t) },
    clock,
    logger,
  });
  const mediaDeps = { legs: carrierLegs, calls: i.callRepo, tokens, logger, clock };
  const media = new MediaServer(
    {
      '/v1/carriers/twilio/media': carrierMediaEndpoint(twilioMediaProtocol, mediaDeps),
      '/v1/carriers/telnyx/media': carrierMediaEndpoint(telnyxMediaProtocol, mediaDeps),
      '/v1/web-calls/stream': webCalls.endpoint(),
    },
    logger,
  );
  // With LiveKit configured, web calls are LiveKit rooms the agent joins; else the built-in WebSocket transport.
  const lk = config.livekit;
  const web =
    lk?.apiKey && lk.apiSecret
      ? liveKitLegs({
          rooms: new LiveKitRooms({ url: lk.url, apiKey: lk.apiKey, apiSecret: lk.apiSecret }),
          clock,
          logger,
        })
      : webCalls.leg;
  return {
    /** CallLeg factories for the engine's `carriers`. */
    legs: { twilio: carrierLegs.leg, telnyx: carrierLegs.leg, web },
    carrierLegs,
    webCalls,
    media,
    twilioCallbacks,
    telnyxCallbacks,
  };
}
