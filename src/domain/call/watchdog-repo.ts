import type { CallStatus } from './call-status.ts';

/** A call the watchdog acts on. */
export interface CallRef {
  org_id: string;
  id: string;
  status: CallStatus;
}

/** The watchdog's reads and slot clean-ups (see cluster/watchdog.ts); implemented by the store. */
export interface WatchdogRepo {
  /** Live calls whose slot lease ran out: the process running them died. */
  expiredLiveCalls(now: Date, limit: number): Promise<CallRef[]>;
  /** Live calls without any slot that have not changed since `updatedBefore`. */
  slotlessLiveCalls(updatedBefore: Date, limit: number): Promise<CallRef[]>;
  /** Ended calls whose post-call work has not been done although they ended before `endedBefore`. */
  unfinalized(endedBefore: Date, limit: number): Promise<CallRef[]>;
  /** Drop slots nobody needs; returns the workspaces that got slots back. */
  releaseStaleSlots(now: Date): Promise<string[]>;
  /** Workspaces with queued calls that are due and hold no slot (they may be able to start). */
  workspacesWithWaitingCalls(now: Date, limit: number): Promise<string[]>;
}
