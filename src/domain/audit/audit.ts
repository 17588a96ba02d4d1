/** One recorded mutating request (payload stored only as a hash). */
export interface AuditEvent {
  id: string;
  org_id: string;
  user_id: string | null;
  api_key_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  request_id: string;
  ip: string | null;
  user_agent: string | null;
  payload_hash: string | null;
  status_code: number | null;
  created_at: string;
}

export type NewAuditEvent = Omit<AuditEvent, 'id' | 'created_at' | 'user_id'>;

export interface AuditRepo {
  insert(e: NewAuditEvent & { id: string }): Promise<void>;
  list(
    orgId: string,
    q: { action?: string; resourceType?: string; limit: number; beforeId?: string },
  ): Promise<AuditEvent[]>;
}
