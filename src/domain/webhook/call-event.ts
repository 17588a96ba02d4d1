import type { CallMessage, CallRecord } from '../call/call.ts';
import { creditsFor } from '../call/call-view.ts';
import type { AttemptRecord, PendingDelivery } from './webhook.ts';

/** Call events in their per-call order (decisions §6); `call.failed` replaces started/ended. */
export const callEventOrder = [
  'call.started',
  'transcript.partial',
  'call.ended',
  'call.failed',
  'call.analyzed',
  'transcript.final',
  'call.recording.available',
] as const;
export type CallEventName = (typeof callEventOrder)[number];

/** Where one delivery goes: a workspace webhook (`wh:<id>`) or a call's own `webhook_url` (`url:<url>`). */
export interface DeliveryTarget {
  webhookId: string | null;
  url: string;
  /** Identifies the endpoint for ordering: events of one call reach one endpoint in order. */
  key: string;
}

export const webhookTarget = (w: { id: string; url: string }): DeliveryTarget => ({
  webhookId: w.id,
  url: w.url,
  key: `wh:${w.id}`,
});
export const callUrlTarget = (url: string): DeliveryTarget => ({ webhookId: null, url, key: `url:${url}` });

/** A delivery created for an event; `ready` = nothing earlier is still open for that endpoint. */
export interface EmittedDelivery {
  orgId: string;
  id: string;
  ready: boolean;
}

/** An open delivery whose claim expired: who held it and until when. */
export type InterruptedDelivery = PendingDelivery & { locked_by: string; locked_until: Date };

/** The outbox tables: call events and their deliveries, and the claims on attempts. */
export interface OutboxRepo {
  /**
   * Store the event and one delivery per target in one transaction. Lifecycle events are stored
   * once per call (a repeat returns the open deliveries of the first); `transcript.partial` is
   * refused (`emitted: false`, no deliveries) once the call's terminal event exists.
   */
  emit(e: {
    orgId: string;
    callId: string;
    event: CallEventName;
    payload: Record<string, unknown>;
    messageId: string;
    targets: DeliveryTarget[];
    now: Date;
  }): Promise<{ emitted: boolean; deliveries: EmittedDelivery[] }>;
  /** Names of the events stored for a call. */
  eventsOf(callId: string): Promise<string[]>;
  /**
   * Take the next attempt of an open delivery that is due and first in line for its endpoint, for
   * `lockMs`; undefined when another node holds it, it is not due, not first, or already done.
   */
  claim(
    orgId: string,
    id: string,
    holder: string,
    now: Date,
    lockMs: number,
  ): Promise<PendingDelivery | undefined>;
  /** The first open delivery after `d` for the same call and endpoint. */
  nextInLine(d: PendingDelivery): Promise<EmittedDelivery | undefined>;
  /** Open deliveries whose claim ran out (the node sending them died mid-attempt). */
  interrupted(now: Date, limit: number): Promise<InterruptedDelivery[]>;
  /** Record the attempt a dead node left unfinished, once (only while its expired claim is unchanged). */
  recordInterrupted(d: InterruptedDelivery, a: AttemptRecord): Promise<boolean>;
  /** Open, unclaimed deliveries that are due and first in line but untouched since `idleSince`. */
  stalled(now: Date, idleSince: Date, limit: number): Promise<EmittedDelivery[]>;
}

/** The workspace's default signing secret, for deliveries to a call's own `webhook_url`. */
export interface WorkspaceSecretSource {
  get(orgId: string): Promise<string>;
}

/** Fields every call event carries (reference §3.11: `{event, call_id, agent_id, …, created_at}`). */
function base(event: CallEventName, call: CallRecord, nowMs: number) {
  return {
    event,
    call_id: call.id,
    agent_id: call.agent_id,
    type: call.type,
    direction: call.direction,
    status: call.status,
    to_number: call.to_number,
    from_number: call.from_number,
    metadata: call.metadata,
    created_at: new Date(nowMs).toISOString(),
  };
}

const timing = (c: CallRecord) => ({
  started_at: c.started_at,
  ended_at: c.ended_at,
  duration_seconds: c.duration_seconds,
  end_reason: c.end_reason,
  error_message: c.error_message,
});

/** Payload builders, one per event (documented in docs/webhooks.md). */
export const callEventPayloads = {
  started: (c: CallRecord, now: number) => ({
    ...base('call.started', c, now),
    started_at: c.started_at,
    variables: c.variables,
  }),
  partial: (c: CallRecord, now: number, message: CallMessage, index: number) => ({
    ...base('transcript.partial', c, now),
    index,
    message,
  }),
  terminal: (event: 'call.ended' | 'call.failed', c: CallRecord, now: number) => ({
    ...base(event, c, now),
    ...timing(c),
    outcome: c.outcome,
    summary: c.ai_summary,
  }),
  analyzed: (c: CallRecord, now: number) => ({
    ...base('call.analyzed', c, now),
    ...timing(c),
    outcome: c.outcome,
    summary: c.ai_summary,
    analysis: { outcome: null, summary: null, ...c.analysis },
    credits_used: c.credits_used ?? creditsFor(c.duration_seconds),
    cost_cents: c.cost_cents,
    cost_breakdown: c.cost_breakdown,
  }),
  final: (c: CallRecord, now: number) => ({
    ...base('transcript.final', c, now),
    ...timing(c),
    messages: c.messages,
    transcript: c.messages,
  }),
  recording: (c: CallRecord, now: number, recordingUrl: string) => ({
    ...base('call.recording.available', c, now),
    duration_seconds: c.duration_seconds,
    recording_url: recordingUrl,
  }),
};
