/** How a carrier says a call was picked up; `machine` = an answering machine whose greeting (beep) has ended. */
export type AnsweredBy = 'human' | 'machine' | 'unknown';

/** What a carrier's call-progress callbacks say, normalised across Twilio and Telnyx. */
export type CarrierCallEvent =
  | { type: 'progress' }
  | { type: 'answered' }
  /** Answering-machine detection finished. */
  | { type: 'amd'; answeredBy: AnsweredBy }
  /** The call is over; `completed` after a normal conversation (or a hang-up we asked for). */
  | { type: 'ended'; outcome: 'completed' | 'no_answer' | 'busy' | 'failed' };
