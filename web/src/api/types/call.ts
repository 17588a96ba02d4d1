import type { Json } from './page.ts';

// Calls, their transcript, latency and cost, web-call sessions and outcomes.

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
