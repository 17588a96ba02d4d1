/** Carriers Parley can buy, search and connect numbers with (decisions §7, §9). */
export const carrierNames = ['twilio', 'telnyx', 'sim'] as const;
export type CarrierName = (typeof carrierNames)[number];

/** Filters for an available-number search; `country` is an ISO-3166 alpha-2 code. */
export interface NumberSearch {
  country: string;
  areaCode?: string | undefined;
  contains?: string | undefined;
  limit: number;
}

/** One number the carrier offers for purchase. */
export interface AvailableNumber {
  phone_number: string;
  friendly_name: string | null;
  country: string;
  region: string | null;
  locality: string | null;
  capabilities: { voice: boolean; sms: boolean; mms: boolean };
}

/** Where the carrier sends a number's incoming calls and call-status events. */
export interface NumberWebhooks {
  voiceUrl: string;
  statusCallbackUrl: string;
}

/** A number on the carrier account, with the carrier-side ids Parley keeps to manage it later. */
export interface CarrierNumber {
  phoneNumber: string;
  /** Twilio IncomingPhoneNumber sid (PN…), Telnyx phone-number id; null when not known yet. */
  carrierNumberId: string | null;
  /** Telnyx Call Control Application the number is attached to; null for carriers with per-number URLs. */
  connectionId: string | null;
}

export interface NumberProviderCapabilities {
  /** Countries whose numbers can be searched and bought (empty = whatever the carrier offers). */
  countries: readonly string[];
  /** True when the voice webhook is set per number (Twilio); false when it lives on an application (Telnyx). */
  perNumberWebhooks: boolean;
}

/** Number management on one carrier account: search, buy, point at Parley, release. */
export interface NumberProvider {
  readonly provider: CarrierName;
  readonly capabilities: NumberProviderCapabilities;
  searchAvailable(search: NumberSearch): Promise<AvailableNumber[]>;
  /** Buy `phoneNumber` and point its voice webhook at Parley in the same step. */
  purchase(phoneNumber: string, webhooks: NumberWebhooks): Promise<CarrierNumber>;
  /** Point an already-owned number's voice webhook at Parley. */
  connect(phoneNumber: string, webhooks: NumberWebhooks): Promise<CarrierNumber>;
  /** Give a bought number back to the carrier; a number the carrier no longer has is not an error. */
  release(number: CarrierNumber): Promise<void>;
}

/** Expected carrier outcomes the caller turns into a clear client error (not a failure of Parley). */
export class CarrierNumberError extends Error {
  constructor(
    readonly provider: CarrierName,
    readonly reason: 'not_available' | 'not_on_account',
    message: string,
  ) {
    super(message);
    this.name = 'CarrierNumberError';
  }
}
