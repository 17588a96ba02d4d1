// Phone numbers and numbers available to buy.

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
