/** Response shapes of the public API this dashboard uses (OneInbox v1 + Parley decisions). */

export type Json = Record<string, unknown>;

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface CursorPage<T> {
  items: T[];
  next_cursor: string | null;
  has_more: boolean;
  limit: number;
}

export interface Me {
  workspace_id: string;
  workspace_name: string;
  key_id: string;
  is_admin: boolean;
}

export interface Agent {
  id: string;
  name: string;
  llm_id: string;
  webhook_id: string | null;
  transcriber: { provider: string; model: string; language: string };
  tts: { provider: string; credential_id: string | null; voice_id: string; speed: number; stability: number };
  first_message: string | null;
  end_call_phrases: string[];
  max_duration_seconds: number;
  interruption_sensitivity: number;
  silence_timeout_seconds: number;
  enable_recording: boolean;
  language: string;
  dynamic_variables: Json;
  voicemail_detection: boolean;
  voicemail_message: string | null;
  responsiveness: number;
  speed: number;
  background_sound: string | null;
  emotions: boolean;
  job_description: string | null;
  metadata: Json;
  effective_system_prompt: string | null;
  created_at: string;
  updated_at: string;
}

export interface LlmModel {
  id: string;
  name: string;
  provider: string;
  model: string;
  system_prompt: string;
  temperature: number;
  max_tokens: number | null;
  tool_ids: string[];
  knowledge_base_ids: string[];
  custom_websocket_url: string | null;
  credential_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface Voice {
  id: string;
  provider: string;
  provider_voice_id: string;
  name: string;
  gender: string | null;
  language: string | null;
  accent: string | null;
  preview_url: string | null;
  credential_id: string | null;
  created_at: string;
}

export const toolTypes = [
  'api_call',
  'transfer_call',
  'end_call',
  'send_sms',
  'send_email',
  'schedule_calendar_event',
  'extract_information',
] as const;
export type ToolType = (typeof toolTypes)[number];
export const toolTypeLabels: Record<ToolType, string> = {
  api_call: 'API call',
  transfer_call: 'Transfer call',
  end_call: 'End call',
  send_sms: 'Send SMS',
  send_email: 'Send email',
  schedule_calendar_event: 'Book calendar event',
  extract_information: 'Extract information',
};

export interface ToolParameter {
  name: string;
  type?: string;
  required?: boolean;
  description?: string;
  enum?: string[];
}

export interface Tool {
  id: string;
  name: string;
  type: ToolType;
  description: string | null;
  url: string | null;
  method: string | null;
  headers: Record<string, string>;
  parameters: ToolParameter[];
  transfer_to: string | null;
  run_in_background: boolean;
  speak_during_execution: boolean;
  extraction_schema: { fields?: { name: string; description?: string; required?: boolean }[] } | null;
  messaging_config: { to?: string; subject_template?: string; body_template?: string } | null;
  calendar_config: { calendar_id?: string; duration_minutes?: number; timezone?: string } | null;
  credential_id?: string | null;
  created_at: string;
  updated_at: string;
}

export interface KnowledgeBase {
  id: string;
  name: string;
  chunk_size: number;
  multilingual: boolean;
  created_at: string;
  updated_at?: string;
  [k: string]: unknown;
}

export interface KbSource {
  id: string;
  knowledge_base_id: string;
  type: string;
  source: string | null;
  status: string;
  chunk_count: number;
  token_count?: number;
  file_name?: string | null;
  mime_type?: string | null;
  file_size?: number | null;
  error_message: string | null;
  created_at: string;
}

export interface KbJob {
  id: string;
  knowledge_base_id: string;
  knowledge_base_source_id: string;
  type: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  error_message: string | null;
  payload: { chunks?: number; tokens?: number; vector_indexed?: boolean } | null;
  started_at: string | null;
  completed_at: string | null;
  created_at: string;
}

export interface InboundRouting {
  agent_id?: string | null;
  fallback?: { agent_id?: string | null } | null;
  voicemail_message?: string | null;
}

export interface PhoneNumber {
  id: string;
  phone_number: string;
  friendly_name: string | null;
  provider: string;
  agent_id: string;
  status: string;
  credential_id?: string | null;
  inbound_routing?: InboundRouting | null;
  inbound_trunk_id: string | null;
  outbound_trunk_id: string | null;
  dispatch_rule_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface AvailableNumber {
  phone_number: string;
  friendly_name?: string | null;
  region?: string | null;
  locality?: string | null;
  country?: string | null;
  [k: string]: unknown;
}

export const callStatuses = ['queued', 'initiated', 'in_progress', 'completed', 'failed'] as const;
export type CallStatus = (typeof callStatuses)[number];

export interface CallMessage {
  role: 'assistant' | 'user' | 'tool' | 'system';
  content: string;
  start_ms?: number;
  end_ms?: number;
  interrupted?: boolean;
  name?: string;
  arguments?: unknown;
  result?: unknown;
}

export interface LatencyStat {
  avg_ms?: number | null;
  p50_ms?: number | null;
  p90_ms?: number | null;
  p99_ms?: number | null;
  min_ms?: number | null;
  max_ms?: number | null;
  samples?: number;
  provider?: string | null;
}

export interface Latency {
  stt?: LatencyStat;
  llm_ttft?: LatencyStat;
  tts_ttfb?: LatencyStat;
  eou_delay?: LatencyStat;
  e2e?: LatencyStat;
  events?: { turn: number; type: string; ms: number }[];
  connect?: {
    setup_ms?: number | null;
    dispatch_to_answer_ms?: number | null;
    answer_to_active_ms?: number | null;
    active_to_greeting_ms?: number | null;
  };
}

export interface CostItem {
  item: string;
  quantity: number;
  unit: string;
  unit_price_cents: number;
  cents: number;
}

export interface Call {
  id: string;
  agent_id: string;
  type: 'web' | 'outbound' | 'inbound';
  status: CallStatus;
  direction: 'inbound' | 'outbound';
  from_number: string | null;
  to_number: string | null;
  room_name: string | null;
  twilio_call_sid: string | null;
  scheduled_at: string | null;
  variables: Json;
  metadata: Json;
  started_at: string | null;
  ended_at: string | null;
  duration_seconds: number | null;
  end_reason: string | null;
  error_message?: string | null;
  outcome: string | null;
  messages: CallMessage[];
  recording_url: string | null;
  ai_summary: string | null;
  analysis: (Json & { outcome?: string | null; summary?: string | null; extracted_data?: Json }) | null;
  latency: Latency | null;
  credits_used: number | null;
  cost_cents: number | null;
  cost_breakdown?: CostItem[];
  created_at: string;
  updated_at: string;
}

export interface WebCallSession {
  id: string;
  agent_id: string;
  type: 'web';
  status: CallStatus;
  room_name: string | null;
  server_url: string;
  participant_token: string;
  created_at: string;
}

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

export interface CallOutcome {
  id: string;
  name: string;
  label: string;
  description: string | null;
  is_active: boolean;
  created_at: string;
  updated_at: string;
}

export interface OutcomeList {
  builtin: string[];
  items: CallOutcome[];
  total: number;
}

export interface PublishableKey {
  id: string;
  name: string;
  key?: string;
  key_prefix: string;
  is_active: boolean;
  allowed_origins: string[];
  scopes?: string[];
  last_used_at?: string | null;
  created_at: string;
  updated_at?: string;
}

export interface ApiKey {
  id: string;
  name: string;
  key?: string;
  key_prefix: string;
  is_admin: boolean;
  last_used_at: string | null;
  created_at: string;
}

export interface Integration {
  id: string;
  name: string;
  provider: string;
  masked_key: string;
  metadata?: Json;
  created_at: string;
  updated_at: string;
}

export interface Usage {
  calls_made_today: number;
  max_calls_per_day: number;
  calls_remaining_today: number;
  calls_this_month: number;
  minutes_used_this_month: number;
  cost_cents_this_month: number;
  kb_token_budget: number;
  period_start: string;
}
