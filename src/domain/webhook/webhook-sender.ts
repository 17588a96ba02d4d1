/** One signed HTTP POST of a webhook message (Standard Webhooks, decisions §6). */
export interface OutgoingWebhook {
  url: string;
  /** `whsec_…` signing secret. */
  secret: string;
  /** `webhook-id`: the same for every attempt of one message, so receivers can de-duplicate. */
  messageId: string;
  /** `webhook-timestamp` (seconds are sent). */
  timestamp: Date;
  /** The exact JSON body that is signed and sent. */
  body: string;
}

/** What one attempt produced. `ok` means a 2xx answer; redirects are not followed and count as failures. */
export interface SendResult {
  ok: boolean;
  status: number | null;
  /** Response body, truncated. */
  body: string | null;
  error: string | null;
}

/** Delivers one attempt; never throws for network or HTTP failures (they are in the result). */
export interface WebhookSender {
  send(msg: OutgoingWebhook): Promise<SendResult>;
}
