// Webhook endpoints, events and deliveries.

export interface Webhook {
  id: string;
  name: string;
  url: string;
  events: string[];
  secret: string;
  status: 'active' | 'disabled';
  created_at: string;
  updated_at: string;
}

export const webhookEvents = [
  'call.started',
  'call.ended',
  'call.failed',
  'call.analyzed',
  'call.recording.available',
  'transcript.partial',
  'transcript.final',
] as const;

export interface WebhookDelivery {
  id: string;
  webhook_id: string | null;
  event: string;
  status: string;
  attempt: number;
  response_status: number | null;
  response_body: string | null;
  error: string | null;
  next_retry_at: string | null;
  completed_at: string | null;
  created_at: string;
  call_id?: string | null;
}

/** `GET /v1/calls/{id}/webhook-deliveries`: a delivery plus where it went (a webhook, or the call's `webhook_url`). */
export interface CallWebhookDelivery extends WebhookDelivery {
  target_url: string;
}
