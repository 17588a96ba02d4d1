import { z } from 'zod';
import type { AnsweredBy, CarrierCallEvent } from '../call-events.ts';

/** The POST parameters every Twilio voice callback carries (voice URL, status callback, async AMD). */
export const twilioCallbackSchema = z
  .object({
    CallSid: z.string().min(1),
    AccountSid: z.string().min(1),
    From: z.string().optional(),
    To: z.string().optional(),
    CallStatus: z.string().optional(),
    Direction: z.string().optional(),
    AnsweredBy: z.string().optional(),
  })
  .loose();
export type TwilioCallback = z.infer<typeof twilioCallbackSchema>;

const amdResults: Record<string, AnsweredBy> = {
  human: 'human',
  machine_end_beep: 'machine',
  machine_end_silence: 'machine',
  machine_end_other: 'machine',
  unknown: 'unknown',
};

/**
 * A status or async-AMD callback as a CarrierCallEvent. CallStatus: queued, initiated, ringing,
 * in-progress, completed, busy, no-answer, failed, canceled; AnsweredBy (MachineDetection=DetectMessageEnd):
 * human, machine_end_beep|silence|other, fax, unknown.
 */
export function twilioCallEvent(p: TwilioCallback): CarrierCallEvent {
  if (p.AnsweredBy !== undefined) {
    const by = amdResults[p.AnsweredBy];
    // A fax (or machine_start, only sent without DetectMessageEnd) cannot take a voicemail: treat as unknown.
    return { type: 'amd', answeredBy: by ?? 'unknown' };
  }
  switch (p.CallStatus) {
    case 'in-progress':
      return { type: 'answered' };
    case 'completed':
      return { type: 'ended', outcome: 'completed' };
    case 'busy':
      return { type: 'ended', outcome: 'busy' };
    case 'no-answer':
      return { type: 'ended', outcome: 'no_answer' };
    case 'failed':
    case 'canceled':
      return { type: 'ended', outcome: 'failed' };
    default:
      return { type: 'progress' };
  }
}
