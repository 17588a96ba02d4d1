import type { Json } from './page.ts';

// The signed-in workspace, its keys, integrations and usage.

export interface Me {
  workspace_id: string;
  workspace_name: string;
  key_id: string;
  is_admin: boolean;
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

/** `GET /v1/usage/daily`: one entry per UTC day, oldest first, zero-filled. */
export interface DailyUsage {
  days: number;
  from: string;
  to: string;
  items: { date: string; calls: number; minutes: number; cost_cents: number }[];
}
