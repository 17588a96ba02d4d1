import type { Logger } from '../../lib/logger.ts';
import type { CallEventPublisher } from '../webhook/call-event-publisher.ts';
import type { CallMessage, CallRecord } from './call.ts';
import type { CallLifecycle } from './call-lifecycle.ts';
import type { CallSlots } from './call-slots.ts';

/** The durable jobs the lifecycle starts (implemented over the job queue). */
export interface PostCallJobs {
  /** Enqueue `call.finalize` (at most one waiting per call). */
  finalize(orgId: string, callId: string): Promise<void>;
  /** Enqueue `call.dispatch` now for a queued call that may take a free slot. */
  dispatch(orgId: string, callId: string): Promise<void>;
}

export interface CallLifecycleDeps {
  slots: CallSlots;
  events: Pick<CallEventPublisher, 'started' | 'partial'>;
  jobs: PostCallJobs;
  logger: Logger;
}

/**
 * CallLifecycle over slots, the outbox and the job queue. Failures are logged, never thrown into
 * the call engine: the watchdog finishes whatever a failure (or a crash) left undone.
 */
export class CallLifecycleService implements CallLifecycle {
  constructor(private readonly d: CallLifecycleDeps) {}

  async connected(call: CallRecord): Promise<void> {
    await this.guard('call.started', call.id, () => this.d.events.started(call));
  }

  async message(call: CallRecord, message: CallMessage, index: number): Promise<void> {
    await this.guard('transcript.partial', call.id, () => this.d.events.partial(call, message, index));
  }

  async ended(orgId: string, callId: string): Promise<void> {
    await this.guard('call ended', callId, async () => {
      await this.d.jobs.finalize(orgId, callId);
      await this.freeSlot(orgId, callId);
    });
  }

  /**
   * Free the call's slot and dispatch the calls that may now start, oldest first (idempotent). A
   * slot already freed (the finalize job repeats the call end's release, for a crash between them)
   * started them then; any that step missed, the watchdog's sweep of waiting calls starts.
   */
  async freeSlot(orgId: string, callId: string): Promise<void> {
    if (await this.d.slots.release(orgId, callId)) await this.startWaiting(orgId);
  }

  /** Dispatch the queued calls of a workspace that can take a slot now. */
  async startWaiting(orgId: string): Promise<number> {
    const ids = await this.d.slots.startable(orgId);
    for (const id of ids) await this.d.jobs.dispatch(orgId, id);
    return ids.length;
  }

  private async guard(what: string, callId: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.d.logger.error({ err, callId, what }, 'call lifecycle step failed; the watchdog will retry it');
    }
  }
}
