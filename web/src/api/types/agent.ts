import type { Json } from './page.ts';

// Agents and their building blocks: models, voices, tools.

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
