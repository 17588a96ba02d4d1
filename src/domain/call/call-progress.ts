import type { CallMessage } from './call.ts';

/** What the engine records about a call besides its status (which moves only through `CallRepo`). */
export interface CallOutcomeFields {
  duration_seconds: number;
  credits_used: number;
  messages: CallMessage[];
  /** Plain-text rendering of `messages` (the stored `transcript` column). */
  transcript: string;
  latency: Record<string, unknown> | null;
  recording_key: string | null;
  /** Merged into `analysis` (e.g. `extracted_data`). */
  analysis: Record<string, unknown>;
  /** A call-fact outcome (`voicemail`); never replaces a manual outcome. */
  outcome?: string;
}

/** The call engine's writes and reads around a live call. */
export interface CallProgressRepo {
  /**
   * The transcript so far (`messages` and `transcript`) while the call is `in_progress`; a no-op
   * once it is not, so it never overwrites the final record.
   */
  saveLiveMessages(orgId: string, id: string, messages: CallMessage[]): Promise<void>;
  /** Post-call data, written before the terminal status so a reader that sees the end sees the data. */
  saveOutcome(orgId: string, id: string, fields: CallOutcomeFields): Promise<void>;
  /** True while the workspace has fewer live (`initiated`/`in_progress`) calls than `max_concurrent_calls`. */
  hasFreeSlot(orgId: string): Promise<boolean>;
}

/** `messages` as plain text, one line per message: `Agent: …`, `Caller: …`, `Tool name(args) → result`. */
export function renderTranscript(messages: readonly CallMessage[]): string {
  return messages
    .map((m) => {
      if (m.role === 'user') return `Caller: ${m.content}`;
      if (m.role === 'assistant') return `Agent: ${m.content}${m.interrupted ? ' [interrupted]' : ''}`;
      return `Tool ${m.name ?? ''}(${JSON.stringify(m.arguments ?? {})}) → ${JSON.stringify(m.result ?? null)}`;
    })
    .join('\n');
}
