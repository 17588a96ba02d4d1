import type { Generated } from 'kysely';
import type { Json, JsonDefault, JsonObject, NullableTimestamp, Timestamp } from './columns.ts';

// Calls and what hangs off them: slots, events, web-call tokens, outcomes, sent messages.

export interface CallsTable {
  id: string;
  org_id: string;
  agent_id: string;
  type: string;
  direction: string;
  status: string;
  from_number: string | null;
  to_number: string | null;
  phone_number_id: string | null;
  carrier: string | null;
  room_name: string | null;
  twilio_call_sid: string | null;
  scheduled_at: NullableTimestamp;
  variables: JsonDefault<JsonObject>;
  metadata: JsonDefault<JsonObject>;
  overrides: JsonDefault<JsonObject>;
  webhook_url: string | null;
  started_at: NullableTimestamp;
  answered_at: NullableTimestamp;
  ended_at: NullableTimestamp;
  duration_seconds: number | null;
  end_reason: string | null;
  error_message: string | null;
  outcome: string | null;
  transcript: string | null;
  messages: JsonDefault<JsonObject[]>;
  recording_key: string | null;
  ai_summary: string | null;
  analysis: JsonDefault<JsonObject>;
  latency: Json<JsonObject | null>;
  credits_used: number | null;
  cost_cents: number | null;
  cost_breakdown: JsonDefault<JsonObject[]>;
  node_id: string | null;
  dispatch_job_id: string | null;
  finalized_at: NullableTimestamp;
  usage: Json<JsonObject | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Calls created per workspace and UTC day (`day` = epoch ms / 86 400 000): the daily cap's counter. */
export interface CallDayCountsTable {
  org_id: string;
  day: number;
  calls: number;
}

export interface CallSlotsTable {
  call_id: string;
  org_id: string;
  node_id: string;
  holder: string;
  acquired_at: Timestamp;
  expires_at: Timestamp;
}

export interface CallEventsTable {
  seq: Generated<number>;
  org_id: string;
  call_id: string;
  event: string;
  payload: Json<JsonObject>;
  created_at: Timestamp;
}

export interface WebCallTokensTable {
  jti: string;
  org_id: string;
  call_id: string;
  expires_at: Timestamp;
  consumed_at: NullableTimestamp;
  created_at: Generated<Date>;
}

export interface CallOutcomesTable {
  id: string;
  org_id: string;
  name: string;
  label: string;
  description: string | null;
  is_active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Issue 9 (migration 0060): SMS and emails the action tools sent during calls. */
export interface SentMessagesTable {
  id: string;
  org_id: string;
  call_id: string;
  tool_name: string;
  channel: string;
  provider: string;
  provider_message_id: string | null;
  from_address: string | null;
  to_address: string;
  subject: string | null;
  body: string;
  status: string;
  error: string | null;
  created_at: Generated<Date>;
}
