import type { CallRecord } from './call.ts';

/** Who holds a live call's slot, and whether that lease is still being renewed. */
export interface SlotHolder {
  orgId: string;
  nodeId: string;
  /** The process (node id + boot id) that runs the call. */
  holder: string;
  expired: boolean;
}

/**
 * Concurrency slots per workspace (`max_concurrent_calls`, decisions §4): a call needs one to leave
 * `queued`. Each slot is a lease row renewed by the process running the call; when that process
 * dies the lease expires, the slot counts as free and the watchdog fails the call.
 */
export interface CallSlots {
  /**
   * Take a slot for a queued call when the workspace has one free and no call that has waited
   * longer is still waiting (calls start in order). Records `metadata.concurrency_at_dispatch`
   * (calls in flight including this one) and returns the updated call; undefined = wait `queued`.
   * `force` takes a slot even over the limit (inbound calls, which cannot wait).
   */
  acquire(call: CallRecord, opts?: { force?: boolean }): Promise<CallRecord | undefined>;
  /** Free the call's slot (idempotent); true when it still held one. */
  release(orgId: string, callId: string): Promise<boolean>;
  /** Oldest queued calls that are due and could take a slot now (at most the free slots). */
  startable(orgId: string): Promise<string[]>;
  holderOf(callId: string): Promise<SlotHolder | undefined>;
}

/** The leases this process holds: the heartbeat and the clean-up after a restart. */
export interface SlotLeases {
  /** Extend every lease this process holds; returns how many. */
  renew(): Promise<number>;
  /** Expire at once the leases of earlier runs of this node (or of every other holder); returns how many. */
  expireEarlierRuns(allOtherHolders: boolean): Promise<number>;
}
