import type { CallMessage, CallRecord } from './call.ts';

/**
 * What the call engine reports while a call runs and when it ends (the post-call side: webhooks,
 * concurrency slots, the `call.finalize` job). Every method is idempotent and safe to call from
 * any node.
 */
export interface CallLifecycle {
  /** The call connected (`in_progress`): emits `call.started`. */
  connected(call: CallRecord): Promise<void>;
  /** A finished transcript message during the call (index = its position in `messages`): emits `transcript.partial`. */
  message(call: CallRecord, message: CallMessage, index: number): Promise<void>;
  /**
   * The call reached a terminal status and its engine results (messages, latency, recording_key,
   * duration, usage) are stored: frees its concurrency slot, starts the next waiting call and
   * enqueues `call.finalize` (analysis, cost, terminal webhooks).
   */
  ended(orgId: string, callId: string): Promise<void>;
}

/** For wiring without post-call (some unit tests): does nothing. */
export const noCallLifecycle: CallLifecycle = {
  connected: async () => {},
  message: async () => {},
  ended: async () => {},
};
