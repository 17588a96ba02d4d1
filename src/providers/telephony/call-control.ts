import type { LiveCallControl } from './carrier-media-transport.ts';

/** What placing one outbound call needs; every URL is absolute and public (PARLEY_PUBLIC_URL). */
export interface DialRequest {
  callId: string;
  to: string;
  from: string;
  /** The media WebSocket (`wss://…/v1/carriers/<carrier>/media`). */
  mediaUrl: string;
  /** Proves to the media endpoint that the stream belongs to `callId` (HMAC; see media-token.ts). */
  mediaToken: string;
  /** Where the carrier posts call progress for this call. */
  eventsUrl: string;
  /** Ask the carrier to detect answering machines and report the end of the greeting (the beep). */
  machineDetection: boolean;
  /** Ring this long before giving up (`no_answer`). */
  ringTimeoutSeconds: number;
}

/** Call placement and control over a carrier's REST API (one instance per carrier account). */
export interface PhoneCallControl {
  readonly carrier: 'twilio' | 'telnyx';
  /** Place the call; returns the carrier's id for it (Twilio CallSid, Telnyx call_control_id). */
  dial(req: DialRequest): Promise<string>;
  hangup(carrierCallId: string): Promise<void>;
  /** Cold-transfer the live call to `to`, showing `callerId`. */
  transfer(carrierCallId: string, to: string, callerId: string): Promise<void>;
  /** The REST side of a live call, for its media transport. */
  live(carrierCallId: string, callerId: string): LiveCallControl;
}

/** Build `live()` from a control's hangup/transfer. */
export function liveControl(
  control: PhoneCallControl,
  carrierCallId: string,
  callerId: string,
): LiveCallControl {
  return {
    carrier: control.carrier,
    carrierCallId,
    hangup: () => control.hangup(carrierCallId),
    transfer: (to) => control.transfer(carrierCallId, to, callerId),
  };
}
