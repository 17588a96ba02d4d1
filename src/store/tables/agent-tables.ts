import type { Generated } from 'kysely';
import type { Json, JsonDefault, JsonObject, Timestamp } from './columns.ts';

// Agents and what they are built from: models, tools, voices.

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
