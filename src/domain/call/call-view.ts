import { errors } from '../errors.ts';
import { isId } from '../ids.ts';
import type { Call, CallRecord } from './call.ts';

/** credits_used = duration_seconds / 60, 4 decimals (decisions §4). */
export function creditsFor(durationSeconds: number | null): number {
  return durationSeconds === null ? 0 : Math.round((durationSeconds / 60) * 10_000) / 10_000;
}

/** The stored call as the API shows it; `recordingUrl` signs a fresh link when a recording exists. */
export function toCallView(r: CallRecord, recordingUrl: (callId: string) => string): Call {
  return {
    id: r.id,
    agent_id: r.agent_id,
    type: r.type,
    status: r.status,
    direction: r.direction,
    from_number: r.from_number,
    to_number: r.to_number,
    room_name: r.room_name,
    twilio_call_sid: r.twilio_call_sid,
    scheduled_at: r.scheduled_at,
    variables: r.variables,
    metadata: r.metadata,
    overrides: r.overrides,
    webhook_url: r.webhook_url,
    started_at: r.started_at,
    ended_at: r.ended_at,
    duration_seconds: r.duration_seconds,
    end_reason: r.end_reason,
    outcome: r.outcome,
    transcript: r.messages,
    messages: r.messages,
    recording_url: r.recording_key ? recordingUrl(r.id) : null,
    ai_summary: r.ai_summary,
    analysis: { outcome: null, summary: null, ...r.analysis },
    latency: r.latency,
    credits_used: r.credits_used ?? creditsFor(r.duration_seconds),
    cost_cents: r.cost_cents,
    cost_breakdown: r.cost_breakdown,
    error_message: r.error_message,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

const cursorPrefix = 'c1:';

/** Opaque cursor naming the last call of a page. */
export function encodeCallCursor(lastId: string): string {
  return Buffer.from(`${cursorPrefix}${lastId}`).toString('base64url');
}

/** The call id inside a cursor; 422 on anything that `encodeCallCursor` did not make. */
export function decodeCallCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const id = text.startsWith(cursorPrefix) ? text.slice(cursorPrefix.length) : '';
  if (!isId('call', id))
    throw errors.invalidField(
      ['query', 'cursor'],
      'VALIDATION_ERROR',
      'Invalid cursor: pass the next_cursor of the previous page unchanged.',
    );
  return id;
}
