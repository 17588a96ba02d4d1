import type { Generated } from 'kysely';
import type { Json, JsonObject, Timestamp } from './columns.ts';

// Phone numbers and the sim carrier's account book.

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
