import { z } from 'zod';
import type { CarrierCallEvent } from '../call-events.ts';

/** A Telnyx Call Control v2 webhook: `{data: {event_type, id, occurred_at, payload, record_type}, meta}`. */
export const telnyxWebhookSchema = z.object({
  data: z.object({
    event_type: z.string(),
    id: z.string().optional(),
    occurred_at: z.string().optional(),
    record_type: z.string().optional(),
    payload: z
      .object({
        call_control_id: z.string().min(1).optional(),
        call_leg_id: z.string().optional(),
        call_session_id: z.string().optional(),
        connection_id: z.string().optional(),
        client_state: z.string().nullish(),
        from: z.string().optional(),
        to: z.string().optional(),
        direction: z.string().optional(),
        state: z.string().optional(),
        hangup_cause: z.string().optional(),
        result: z.string().optional(),
      })
      .loose(),
  }),
  meta: z.object({ attempt: z.number().optional(), delivered_to: z.string().optional() }).loose().optional(),
});
export type TelnyxWebhook = z.infer<typeof telnyxWebhookSchema>;

/** The Parley call id Telnyx echoes back in `client_state` (base64 JSON `{call_id}`), if any. */
export function telnyxCallIdOf(clientState: string | null | undefined): string | undefined {
  if (!clientState) return undefined;
  try {
    const v = JSON.parse(Buffer.from(clientState, 'base64').toString('utf8')) as unknown;
    const id = (v as { call_id?: unknown } | null)?.call_id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

const hangupOutcomes: Record<string, 'no_answer' | 'busy' | 'failed'> = {
  timeout: 'no_answer',
  no_answer: 'no_answer',
  user_busy: 'busy',
  call_rejected: 'busy',
  not_found: 'failed',
  unspecified: 'failed',
};

/**
 * call.answered → answered; call.machine.detection.ended human → amd human (machine waits for the
 * greeting's end); call.machine.greeting.ended → amd machine; call.hangup → ended (hangup_cause:
 * timeout/no_answer → no_answer, user_busy/call_rejected → busy, not_found/unspecified → failed,
 * anything else, e.g. normal_clearing, → completed).
 */
export function telnyxCallEvent(w: TelnyxWebhook): CarrierCallEvent {
  const p = w.data.payload;
  switch (w.data.event_type) {
    case 'call.answered':
      return { type: 'answered' };
    case 'call.machine.detection.ended':
      if (p.result === 'human') return { type: 'amd', answeredBy: 'human' };
      if (p.result === 'not_sure') return { type: 'amd', answeredBy: 'unknown' };
      return { type: 'progress' };
    case 'call.machine.greeting.ended':
      return { type: 'amd', answeredBy: p.result === 'not_sure' ? 'unknown' : 'machine' };
    case 'call.hangup': {
      return { type: 'ended', outcome: hangupOutcomes[p.hangup_cause ?? ''] ?? 'completed' };
    }
    default:
      return { type: 'progress' };
  }
}
