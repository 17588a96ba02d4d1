/** One text message to send; numbers are E.164 and `from` is a number the carrier account owns. */
export interface OutgoingSms {
  from: string;
  to: string;
  body: string;
}

/** The carrier accepted the message for delivery (it may still fail later on the handset side). */
export interface SentSms {
  /** The carrier's message id (Twilio `SM…`, Telnyx uuid, sim `msg_…`). */
  id: string;
  provider: string;
  /** The carrier's own status at acceptance: queued, accepted, sent, delivered… */
  status: string;
}

/** Sends SMS through one carrier account; throws ProviderError when the carrier refuses or is unreachable. */
export interface SmsSender {
  readonly provider: string;
  send(sms: OutgoingSms, signal?: AbortSignal): Promise<SentSms>;
}
