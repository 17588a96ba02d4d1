import type { EndReason } from '../../pipeline/frames.ts';
import type { FrameObserver } from '../../pipeline/processor.ts';
import type { CallTransport } from '../../pipeline/transport.ts';
import type { Stt } from '../stt/stt.ts';

/** How placing (or taking) a call ended: picked up (by whom, as far as the carrier can tell), busy, or unanswered. */
export type DialOutcome =
  | { kind: 'answered'; by: 'human' | 'machine' | 'unknown' }
  | { kind: 'busy' }
  | { kind: 'no_answer' };

/**
 * A carrier's side of one call, as the call runner drives it: connect (ring, or take the inbound
 * call), then the engine talks over `transport`. Every carrier (sim, Twilio, Telnyx) provides one.
 */
export interface CallLeg {
  readonly transport: CallTransport;
  /** Speech-to-text the carrier supplies itself (the sim's script STT); undefined = the agent's provider. */
  readonly stt?: Stt | undefined;
  /** Extra observers for the call's session (a web call's live transcript for the page). */
  readonly observers?: readonly FrameObserver[] | undefined;
  /**
   * Resolves when the far end answered, or the call failed to connect. With `detectMachine` (the
   * agent's `voicemail_detection`) an answering machine connects after its beep, reported as `machine`.
   */
  connect(opts: { detectMachine: boolean }): Promise<DialOutcome>;
  /** Give up before the call connected (a stop while ringing). */
  cancel(reason: EndReason): Promise<void>;
}

export interface CallLegOptions {
  direction: 'outbound' | 'inbound';
  /** The call's `metadata` (the sim carrier reads `metadata.sim`). */
  metadata: Record<string, unknown>;
}
