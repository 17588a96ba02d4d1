import type { Generated } from 'kysely';
import type { Json, JsonObject, NullableTimestamp, Timestamp } from './columns.ts';

// Webhook endpoints and their delivery log.

export interface WebhooksTable {
  id: string;
  org_id: string;
  name: string;
  url: string;
  events: Json<string[]>;
  encrypted_secret: string;
  status: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: string;
  org_id: string;
  webhook_id: string | null;
  target_url: string;
  event: string;
  message_id: string;
  call_id: string | null;
  payload: Json<JsonObject>;
  status: Generated<string>;
  attempt: Generated<number>;
  response_status: number | null;
  response_body: string | null;
  error: string | null;
  next_retry_at: NullableTimestamp;
  completed_at: NullableTimestamp;
  event_seq: number | null;
  target_key: string | null;
  locked_by: string | null;
  locked_until: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}
