import type { CallRecord } from '../call/call.ts';
import type { PendingDelivery, WebhookDelivery } from './webhook.ts';

/** One delivery of a call's events, whichever endpoint it went to. */
export interface CallDelivery extends WebhookDelivery {
  /** The endpoint: a workspace webhook (`webhook_id` set) or the call's own `webhook_url`. */
  target_url: string;
}

export interface CallDeliveryRepo {
  /** Every delivery of the call's events, in event order. */
  listForCall(orgId: string, callId: string): Promise<PendingDelivery[]>;
}

/** `GET /v1/calls/{id}/webhook-deliveries`: the call's whole delivery log, per-call `webhook_url` included. */
export class CallDeliveryLog {
  constructor(
    private readonly calls: { record(orgId: string, id: string): Promise<CallRecord> },
    private readonly repo: CallDeliveryRepo,
  ) {}

  async list(orgId: string, callId: string): Promise<CallDelivery[]> {
    await this.calls.record(orgId, callId);
    const rows = await this.repo.listForCall(orgId, callId);
    return rows.map(({ org_id: _o, payload: _p, ...d }) => d);
  }
}
