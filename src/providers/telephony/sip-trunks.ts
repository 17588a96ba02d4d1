/** What one number needs to reach Parley over SIP: the carrier trunk and its digest credentials. */
export interface SipTrunkRequest {
  /** Human-readable name given to every created object. */
  name: string;
  phoneNumber: string;
  trunkAddress: string;
  username: string;
  password: string;
  /** Opaque JSON attached to the trunks and the dispatch rule (Parley's phone-number id). */
  metadata: string;
}

export interface SipTrunkIds {
  inboundTrunkId: string;
  outboundTrunkId: string;
  dispatchRuleId: string;
}

/** Provisions and removes the SIP inbound trunk, outbound trunk and dispatch rule for one number. */
export interface SipTrunkProvisioner {
  provision(req: SipTrunkRequest): Promise<SipTrunkIds>;
  /** Delete whichever of the ids are set; objects already gone are not an error. */
  remove(ids: { [K in keyof SipTrunkIds]?: string | null }): Promise<void>;
}
