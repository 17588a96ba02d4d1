import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Kysely table types; the only place besides migrations that knows table and column names. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** jsonb column: read as parsed JSON, written as a JSON string or value. */
type Json<T> = ColumnType<T, T | string, T | string>;
type JsonDefault<T> = ColumnType<T, T | string | undefined, T | string>;

export type JsonObject = Record<string, unknown>;

export interface WorkspacesTable {
  id: string;
  name: string;
  max_calls_per_day: Generated<number>;
  max_concurrent_calls: Generated<number>;
  kb_token_budget: Generated<number>;
  /** Sealed default webhook secret (migration 0070). */
  webhook_secret_sealed: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ApiKeysTable {
  id: string;
  org_id: string;
  name: string;
  key_hash: string;
  key_prefix: string;
  is_admin: Generated<boolean>;
  last_used_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface PublishableKeysTable {
  id: string;
  org_id: string;
  name: string;
  key_hash: string;
  key_prefix: string;
  is_active: Generated<boolean>;
  allowed_origins: JsonDefault<string[]>;
  scopes: JsonDefault<string[]>;
  last_used_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IntegrationsTable {
  id: string;
  org_id: string;
  name: string;
  provider: string;
  encrypted_key: string;
  masked_key: string;
  metadata: JsonDefault<JsonObject>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ToolsTable {
  id: string;
  org_id: string;
  type: string;
  name: string;
  description: string | null;
  url: string | null;
  method: string | null;
  headers: JsonDefault<Record<string, string>>;
  parameters: JsonDefault<JsonObject[]>;
  transfer_to: string | null;
  run_in_background: Generated<boolean>;
  speak_during_execution: Generated<boolean>;
  extraction_schema: Json<JsonObject | null>;
  messaging_config: Json<JsonObject | null>;
  calendar_config: Json<JsonObject | null>;
  credential_id: string | null;
  timeout_ms: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface KnowledgeBasesTable {
  id: string;
  org_id: string;
  name: string;
  chunk_size: Generated<number>;
  multilingual: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface KbSourcesTable {
  id: string;
  org_id: string;
  knowledge_base_id: string;
  type: string;
  source: string | null;
  file_name: string | null;
  mime_type: string | null;
  file_size: number | null;
  status: Generated<string>;
  chunk_count: Generated<number>;
  token_count: Generated<number>;
  error_message: string | null;
  /** Extracted text of a completed source (migration 0020). */
  content: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface KbFilesTable {
  source_id: string;
  content: Buffer;
}

export interface KbJobsTable {
  id: string;
  org_id: string;
  knowledge_base_id: string;
  knowledge_base_source_id: string | null;
  type: Generated<string>;
  status: Generated<string>;
  error_message: string | null;
  payload: JsonDefault<{ chunks: number; tokens: number; vector_indexed: boolean }>;
  started_at: NullableTimestamp;
  completed_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface KbChunksTable {
  id: Generated<string>;
  org_id: string;
  knowledge_base_id: string;
  source_id: string;
  ordinal: number;
  content: string;
  token_count: number;
  /** Where in the source the chunk came from: page URL, `page 3`, sheet name (migration 0020). */
  locator: string | null;
  /** Text-search configuration (`english`, or `simple` for multilingual KBs). */
  ts_config: Generated<string>;
}

export interface LlmModelsTable {
  id: string;
  org_id: string;
  name: string;
  provider: string;
  model: string;
  system_prompt: Generated<string>;
  temperature: Generated<number>;
  max_tokens: number | null;
  tool_ids: JsonDefault<string[]>;
  knowledge_base_ids: JsonDefault<string[]>;
  custom_websocket_url: string | null;
  credential_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface VoicesTable {
  id: string;
  org_id: string | null;
  provider: string;
  provider_voice_id: string;
  name: string;
  gender: string | null;
  language: string | null;
  accent: string | null;
  preview_url: string | null;
  credential_id: string | null;
  model: string | null;
  created_at: Timestamp;
}

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

export interface AgentsTable {
  id: string;
  org_id: string;
  name: string;
  llm_id: string;
  webhook_id: string | null;
  transcriber: Json<JsonObject>;
  tts: Json<JsonObject>;
  first_message: string | null;
  end_call_phrases: JsonDefault<string[]>;
  max_duration_seconds: Generated<number>;
  interruption_sensitivity: Generated<number>;
  silence_timeout_seconds: Generated<number>;
  enable_recording: Generated<boolean>;
  language: Generated<string>;
  dynamic_variables: JsonDefault<JsonObject>;
  voicemail_detection: Generated<boolean>;
  voicemail_message: string | null;
  responsiveness: Generated<number>;
  speed: Generated<number>;
  background_sound: string | null;
  emotions: Generated<boolean>;
  job_description: string | null;
  metadata: JsonDefault<JsonObject>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PhoneNumbersTable {
  id: string;
  org_id: string;
  phone_number: string;
  friendly_name: string | null;
  provider: string;
  agent_id: string | null;
  status: Generated<string>;
  inbound_trunk_id: string | null;
  outbound_trunk_id: string | null;
  dispatch_rule_id: string | null;
  inbound_routing: Json<JsonObject | null>;
  credential_id: string | null;
  provider_config: Json<JsonObject | null>;
  encrypted_sip_password: string | null;
  carrier_number_id: string | null;
  /** Bought by Parley, so released to the carrier on delete (migration 0030). */
  purchased: Generated<boolean>;
  carrier_connection_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The built-in sim carrier's account book (migration 0030). */
export interface SimNumbersTable {
  phone_number: string;
  purchased: Generated<boolean>;
  voice_url: string;
  status_callback_url: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

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

export interface AuditEventsTable {
  id: string;
  org_id: string;
  user_id: string | null;
  api_key_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  request_id: string;
  ip: string | null;
  user_agent: string | null;
  payload_hash: string | null;
  status_code: number | null;
  created_at: Timestamp;
}

export interface AuthSessionsTable {
  id: string;
  org_id: string;
  api_key_id: string;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  created_at: Timestamp;
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

export interface Database {
  workspaces: WorkspacesTable;
  api_keys: ApiKeysTable;
  publishable_keys: PublishableKeysTable;
  integrations: IntegrationsTable;
  tools: ToolsTable;
  knowledge_bases: KnowledgeBasesTable;
  kb_sources: KbSourcesTable;
  kb_files: KbFilesTable;
  kb_jobs: KbJobsTable;
  kb_chunks: KbChunksTable;
  llm_models: LlmModelsTable;
  voices: VoicesTable;
  webhooks: WebhooksTable;
  agents: AgentsTable;
  phone_numbers: PhoneNumbersTable;
  sim_numbers: SimNumbersTable;
  calls: CallsTable;
  web_call_tokens: WebCallTokensTable;
  webhook_deliveries: WebhookDeliveriesTable;
  call_slots: CallSlotsTable;
  call_events: CallEventsTable;
  call_outcomes: CallOutcomesTable;
  audit_events: AuditEventsTable;
  auth_sessions: AuthSessionsTable;
  sent_messages: SentMessagesTable;
}

export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
export type RowUpdate<T extends keyof Database> = Updateable<Database[T]>;
