/** Store reads and writes the transports need beyond CallRepo (calls found by id or carrier id alone). */
export interface CallLookup {
  /** The workspace a call belongs to (media endpoints know only the call id). */
  orgOf(callId: string): Promise<string | undefined>;
  /** The call a carrier call id (Twilio CallSid, Telnyx call_control_id) was recorded on. */
  byCarrierCallId(carrierCallId: string): Promise<{ orgId: string; callId: string } | undefined>;
  /** Record the carrier's id for the call (`twilio_call_sid` on the record). */
  setCarrierCallId(orgId: string, callId: string, carrierCallId: string): Promise<void>;
  /** Calls of the workspace that are connecting or connected, and how many it may have at once. */
  concurrency(orgId: string): Promise<{ live: number; max: number }>;
}
