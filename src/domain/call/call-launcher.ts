import type { CallRecord } from './call.ts';
import type { EndReason } from './call-status.ts';

/**
 * The seam between the Calls API and the call engine. The API creates the call (`queued`) and hands
 * it over; the engine owns everything after that: it moves the call `queued → initiated →
 * in_progress` and ends it, always through `CallRepo.transition`/`end`, so a transition that lost a
 * race (e.g. the call was cancelled meanwhile) is refused and the engine must abort that call.
 */
export interface CallLauncher {
  /** Start the call: place a phone call, or get ready for a web participant. Must return promptly. */
  launch(call: CallRecord): Promise<void>;
  /** Hang up a live (`initiated`/`in_progress`) call; the engine records the end with `reason`. */
  stop(callId: string, reason: EndReason): Promise<void>;
}

/**
 * The launcher used until the call engine is installed: it accepts every call and does nothing, so a
 * created call stays `queued` (never a fake completion) and `stop` leaves a live call as it is.
 */
export const idleCallLauncher: CallLauncher = {
  launch: async () => {},
  stop: async () => {},
};
