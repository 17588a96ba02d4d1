/** Most of each action one call may take, so a looping model cannot spam or flood a calendar. */
export const actionLimits = {
  /** SMS sends attempted (sent or failed), across all send_sms tools of the call. */
  sms: 3,
  /** Emails attempted, across all send_email tools. */
  email: 3,
  /** Availability lookups. */
  calendarLookup: 10,
  /** Bookings attempted. */
  booking: 2,
} as const;

export type ActionKind = keyof typeof actionLimits;

const what: Record<ActionKind, string> = {
  sms: 'text messages',
  email: 'emails',
  calendarLookup: 'availability lookups',
  booking: 'bookings',
};

import type { ToolOutcome } from '../tool-runner.ts';

/** Per-call counters and the outcomes of earlier identical sends. */
export class ActionBudget {
  private readonly used = new Map<ActionKind, number>();
  private readonly done = new Map<string, Record<string, unknown>>();

  /** Take one unit; an error text for the model when the call's limit is reached. */
  take(kind: ActionKind): string | undefined {
    const n = this.used.get(kind) ?? 0;
    if (n >= actionLimits[kind])
      return `limit reached: this call may attempt at most ${actionLimits[kind]} ${what[kind]}; tell the caller it cannot be done during this call`;
    this.used.set(kind, n + 1);
    return undefined;
  }

  /**
   * Send at most once per `key` (channel, recipient, content) and within the call's limit for
   * `kind`: a repeat answers with the first result, an attempt over the limit is refused.
   */
  async sendOnce(
    kind: ActionKind,
    key: string,
    noun: string,
    send: () => Promise<ToolOutcome>,
  ): Promise<ToolOutcome> {
    const earlier = this.done.get(key);
    if (earlier)
      return {
        result: {
          ...earlier,
          status: 'already_sent',
          note: `this exact ${noun} was already sent during this call`,
        },
      };
    const limited = this.take(kind);
    if (limited) return { result: { error: limited } };
    const out = await send();
    const result = out.result as Record<string, unknown>;
    if (result.status === 'sent') this.done.set(key, result);
    return out;
  }
}
