import type { CarrierName } from '../../providers/telephony/numbers.ts';

export type PhoneNumberStatus = 'active' | 'inactive';

/** Per-number routing override (reference §3.8), stored as JSONB so it can grow new rules. */
export interface InboundRouting {
  /** Agent for inbound calls; null = the number's own `agent_id`. */
  agent_id: string | null;
  /** Used when the primary agent cannot take the call. */
  fallback: { agent_id: string } | null;
  /** Spoken when neither agent can take the call. */
  voicemail_message: string | null;
}

/** PhoneNumberResponse (reference §3.8) plus `credential_id` and the SIP config without its password. */
export interface PhoneNumber {
  id: string;
  phone_number: string;
  friendly_name: string | null;
  provider: CarrierName;
  agent_id: string | null;
  status: PhoneNumberStatus;
  inbound_trunk_id: string | null;
  outbound_trunk_id: string | null;
  dispatch_rule_id: string | null;
  inbound_routing: InboundRouting | null;
  credential_id: string | null;
  /** SIP trunk mode only: trunk address, username and any extra keys; never the password. */
  provider_config: Record<string, unknown> | null;
  created_at: string;
  updated_at: string;
}

/** The stored number: the public view plus what only Parley uses. */
export interface PhoneNumberRecord extends PhoneNumber {
  org_id: string;
  /** True when Parley bought it, so deleting it releases it back to the carrier. */
  purchased: boolean;
  carrier_number_id: string | null;
  carrier_connection_id: string | null;
  encrypted_sip_password: string | null;
}

export type NewPhoneNumber = Omit<PhoneNumberRecord, 'org_id' | 'created_at' | 'updated_at'>;
export type PhoneNumberPatch = Partial<
  Pick<PhoneNumber, 'friendly_name' | 'agent_id' | 'status' | 'inbound_routing'>
>;

export interface PhoneNumberRepo {
  /** Null when the number is already registered (in any workspace). */
  insert(orgId: string, n: NewPhoneNumber): Promise<PhoneNumberRecord | null>;
  get(orgId: string, id: string): Promise<PhoneNumberRecord | undefined>;
  /** Platform-wide lookup by E.164 number. */
  findByNumber(phoneNumber: string): Promise<PhoneNumberRecord | undefined>;
  /** The subset of `numbers` registered anywhere on the platform. */
  registered(numbers: readonly string[]): Promise<Set<string>>;
  list(
    orgId: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: PhoneNumberRecord[]; total: number }>;
  update(orgId: string, id: string, patch: PhoneNumberPatch): Promise<PhoneNumberRecord | undefined>;
  delete(orgId: string, id: string): Promise<boolean>;
}

/** The public view of a stored number. */
export function toView(r: PhoneNumberRecord): PhoneNumber {
  const {
    org_id: _org,
    purchased: _p,
    carrier_number_id: _n,
    carrier_connection_id: _c,
    encrypted_sip_password: _s,
    ...view
  } = r;
  return view;
}
