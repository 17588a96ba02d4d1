import type { LlmProvider } from '../llm-model/llm-model.ts';
import type { CallStatus, EndReason } from './call-status.ts';

export const callTypes = ['outbound', 'inbound', 'web'] as const;
export type CallType = (typeof callTypes)[number];
export const callDirections = ['outbound', 'inbound'] as const;
export type CallDirection = (typeof callDirections)[number];

/** Per-call config merged over the agent's at dispatch (reference §2.8 CallOverrides). */
export interface CallOverrides {
  llm?: Opt<{ provider: LlmProvider; model: string; temperature: number; system_prompt: string }> | undefined;
  transcriber?: Opt<{ provider: string; model: string; language: string }> | undefined;
  tts?:
    | Opt<{ provider: string; voice_id: string; model: string; speed: number; stability: number }>
    | undefined;
  first_message?: string | undefined;
}
type Opt<T> = { [K in keyof T]?: T[K] | undefined };

/** One conversation turn (decisions §4); an interrupted assistant turn holds only what was heard. */
export interface CallMessage {
  role: 'assistant' | 'user' | 'tool';
  content: string;
  start_ms: number;
  end_ms: number;
  interrupted?: boolean;
  name?: string;
  arguments?: unknown;
  result?: unknown;
}

/** The stored call: everything the API shows, plus internal routing and engine fields. */
export interface CallRecord {
  id: string;
  org_id: string;
  agent_id: string;
  type: CallType;
  direction: CallDirection;
  status: CallStatus;
  from_number: string | null;
  to_number: string | null;
  phone_number_id: string | null;
  /** Carrier of the number used (`sim`, `twilio`, `telnyx`); null for web calls. */
  carrier: string | null;
  room_name: string | null;
  twilio_call_sid: string | null;
  scheduled_at: string | null;
  variables: Record<string, unknown>;
  metadata: Record<string, unknown>;
  overrides: CallOverrides;
  webhook_url: string | null;
  started_at: string | null;
  answered_at: string | null;
  ended_at: string | null;
  duration_seconds: number | null;
  end_reason: EndReason | null;
  error_message: string | null;
  outcome: string | null;
  messages: CallMessage[];
  /** Where the recording is stored (data dir or bucket key); null when there is none. */
  recording_key: string | null;
  ai_summary: string | null;
  analysis: Record<string, unknown>;
  latency: Record<string, unknown> | null;
  credits_used: number | null;
  cost_cents: number | null;
  cost_breakdown: Record<string, unknown>[];
  /** The pending `call.dispatch` job of a scheduled call (cancelled on stop). */
  dispatch_job_id: string | null;
  /** When post-call work (analysis, cost, terminal webhooks) was done; null while still to do. */
  finalized_at: string | null;
  /** Provider usage the engine measured (post-call/call-usage.ts); null = estimate it. */
  usage: Record<string, unknown> | null;
  created_at: string;
  updated_at: string;
}

/** The call as the API returns it: every field of the newest CallResponse and the seed (reference §3.9). */
export type Call = Omit<CallRecord, InternalField | 'credits_used'> & {
  /** Deprecated alias of `messages` (decisions §4: "returns the same array"). */
  transcript: CallMessage[];
  /** Signed link valid 4 hours, or null without a recording. */
  recording_url: string | null;
  credits_used: number;
};
type InternalField =
  | 'org_id'
  | 'phone_number_id'
  | 'carrier'
  | 'answered_at'
  | 'recording_key'
  | 'dispatch_job_id'
  | 'finalized_at'
  | 'usage';

/** What creating a call writes; the rest starts empty. */
export type NewCall = Pick<
  CallRecord,
  | 'id'
  | 'agent_id'
  | 'type'
  | 'direction'
  | 'status'
  | 'from_number'
  | 'to_number'
  | 'phone_number_id'
  | 'carrier'
  | 'room_name'
  | 'scheduled_at'
  | 'variables'
  | 'metadata'
  | 'overrides'
  | 'webhook_url'
> &
  /** Known at insert for a call the carrier rang in with. */
  Partial<Pick<CallRecord, 'twilio_call_sid'>>;

/** List filters (all optional, combined with AND). */
export interface CallFilters {
  agent_id?: string | undefined;
  status?: CallStatus | undefined;
  type?: CallType | undefined;
  direction?: CallDirection | undefined;
  outcome?: string | undefined;
  created_after?: string | undefined;
  created_before?: string | undefined;
}

/** Fields written together with a terminal status. */
export interface EndFields {
  ended_at: string;
  error_message?: string | null;
}

/** A moment a status change records: dialled or picked up (`started_at`), answered (`answered_at`). */
export interface TransitionStamp {
  field: 'started_at' | 'answered_at';
  /** ISO-8601. */
  at: string;
}

/** A daily cap: a number of calls, or the workspace's own `max_calls_per_day` (read with the insert). */
export type DailyCap = { limit: number } | 'workspace';

export interface CallRepo {
  /** Insert (created_at = the id's ULID time), counting it into its UTC day; with `dailyCap`, not when the workspace already made that many calls that day (checked atomically). */
  insert(orgId: string, call: NewCall, dailyCap?: DailyCap): Promise<CallRecord | 'daily_cap_reached'>;
  get(orgId: string, id: string): Promise<CallRecord | undefined>;
  /** Offset page, newest first, with the filtered total. */
  list(
    orgId: string,
    filters: CallFilters,
    page: { limit: number; offset: number },
  ): Promise<{ items: CallRecord[]; total: number }>;
  /** Up to `limit` calls older than `beforeId` (newest first), for cursor paging over the id index. */
  listBefore(
    orgId: string,
    filters: CallFilters,
    page: { limit: number; beforeId: string | undefined },
  ): Promise<CallRecord[]>;
  /**
   * Move to `to` only if the state machine allows it from the current status; undefined when it did
   * not. `stamp` also sets that timestamp in the same write, unless it is already set.
   */
  transition(
    orgId: string,
    id: string,
    to: CallStatus,
    stamp?: TransitionStamp,
  ): Promise<CallRecord | undefined>;
  /**
   * End a live call for `reason` (status per `endStatus`), optionally only from the statuses in
   * `onlyFrom`; undefined when the call was not in such a status (e.g. it had already ended).
   */
  end(
    orgId: string,
    id: string,
    reason: EndReason,
    fields: EndFields,
    onlyFrom?: readonly CallStatus[],
  ): Promise<CallRecord | undefined>;
  setDispatchJob(orgId: string, id: string, jobId: string | null): Promise<void>;
  /** Manual outcome: `outcome` and `analysis.outcome` with `analysis.outcome_source = "manual"`. */
  setOutcome(orgId: string, id: string, outcome: string): Promise<CallRecord | undefined>;
}
