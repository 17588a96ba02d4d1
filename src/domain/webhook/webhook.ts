import { randomToken } from '../../lib/random-token.ts';

/** Events a webhook can subscribe to (reference §2.9 plus `call.analyzed`, decisions §6). */
export const webhookEvents = [
  'call.started',
  'call.ended',
  'call.failed',
  'call.analyzed',
  'call.recording.available',
  'transcript.partial',
  'transcript.final',
] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

/** The event `POST /v1/webhooks/{id}/test` sends; not subscribable. */
export const testEvent = 'webhook.test';

export const webhookStatuses = ['active', 'disabled'] as const;
export type WebhookStatus = (typeof webhookStatuses)[number];

/** `pending` before the first attempt, `retrying` between attempts, then `succeeded` or `failed`. */
export const deliveryStatuses = ['pending', 'retrying', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** A workspace webhook as the API shows it (`secret` is the user's signing secret). */
export interface Webhook {
  id: string;
  name: string;
  url: string;
  events: WebhookEvent[];
  secret: string;
  status: WebhookStatus;
  created_at: string;
  updated_at: string;
}

export type WebhookPatch = Partial<Pick<Webhook, 'name' | 'url' | 'events' | 'status'>>;

/** One message to one target and its attempts so far. */
export interface WebhookDelivery {
  id: string;
  webhook_id: string | null;
  event: string;
  status: DeliveryStatus;
  attempt: number;
  response_status: number | null;
  response_body: string | null;
  error: string | null;
  next_retry_at: string | null;
  completed_at: string | null;
  created_at: string;
  message_id: string;
  call_id: string | null;
}

/** What an outbox or the test endpoint needs to (re)send a delivery. */
export interface PendingDelivery extends WebhookDelivery {
  org_id: string;
  target_url: string;
  payload: Record<string, unknown>;
}

export interface NewDelivery {
  id: string;
  webhookId: string | null;
  targetUrl: string;
  event: string;
  messageId: string;
  callId: string | null;
  payload: Record<string, unknown>;
}

/** The outcome of one attempt, written onto the delivery row. */
export interface AttemptRecord {
  status: DeliveryStatus;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
  nextRetryAt: Date | null;
  completedAt: Date | null;
}

export interface WebhookRepo {
  insert(orgId: string, w: Omit<Webhook, 'created_at' | 'updated_at'>): Promise<Webhook>;
  get(orgId: string, id: string): Promise<Webhook | undefined>;
  list(orgId: string, page: { limit: number; offset: number }): Promise<{ items: Webhook[]; total: number }>;
  /** Active webhooks subscribed to `event` (for the outbox). */
  subscribedTo(orgId: string, event: string): Promise<Webhook[]>;
  update(orgId: string, id: string, patch: WebhookPatch): Promise<Webhook | undefined>;
  delete(orgId: string, id: string): Promise<boolean>;
  agentsUsing(orgId: string, id: string): Promise<string[]>;
}

export interface WebhookDeliveryRepo {
  insert(orgId: string, d: NewDelivery): Promise<PendingDelivery>;
  get(orgId: string, id: string): Promise<PendingDelivery | undefined>;
  list(
    orgId: string,
    webhookId: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: WebhookDelivery[]; total: number }>;
  /** Record one attempt: increments `attempt` and stores the outcome. */
  recordAttempt(orgId: string, id: string, r: AttemptRecord): Promise<PendingDelivery | undefined>;
}

/** A new signing secret in the Standard Webhooks format: `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomToken(32, 'base64')}`;
}

/** The public view of a delivery (drops the routing fields). */
export function deliveryView(d: PendingDelivery): WebhookDelivery {
  const { org_id: _o, target_url: _t, payload: _p, ...rest } = d;
  return rest;
}
