/**
 * The call status state machine (decisions §4): the only place that knows which status may follow
 * which. Repos write `status` only through transitions this module allows.
 */
export const callStatuses = ['queued', 'initiated', 'in_progress', 'completed', 'failed'] as const;
export type CallStatus = (typeof callStatuses)[number];

export const terminalStatuses = ['completed', 'failed'] as const satisfies readonly CallStatus[];
export type TerminalStatus = (typeof terminalStatuses)[number];

/** Allowed next statuses: the happy path forward, and `failed` from anything not yet ended. */
const transitions: Record<CallStatus, readonly CallStatus[]> = {
  queued: ['initiated', 'failed'],
  initiated: ['in_progress', 'failed'],
  in_progress: ['completed', 'failed'],
  completed: [],
  failed: [],
};

export function isTerminal(status: CallStatus): status is TerminalStatus {
  return transitions[status].length === 0;
}

export function canTransition(from: CallStatus, to: CallStatus): boolean {
  return transitions[from].includes(to);
}

/** Statuses a call may be in for a move to `to` (the repo's `WHERE status IN (…)`). */
export function predecessorsOf(to: CallStatus): CallStatus[] {
  return callStatuses.filter((from) => canTransition(from, to));
}

export function isCallStatus(v: string): v is CallStatus {
  return (callStatuses as readonly string[]).includes(v);
}

/** Why a call ended: a closed enum (decisions §4). */
export const endReasons = [
  'api_stop',
  'agent_hangup',
  'end_call_phrase',
  'customer_hangup',
  'silence_timeout',
  'max_duration',
  'voicemail',
  'transfer',
  'no_answer',
  'busy',
  'dial_failed',
  'provider_error',
  'server_restart',
  'cancelled',
  'error',
] as const;
export type EndReason = (typeof endReasons)[number];

/** Reasons that mean the call did not happen as intended, whenever they occur. */
const failingReasons: ReadonlySet<EndReason> = new Set([
  'no_answer',
  'busy',
  'dial_failed',
  'provider_error',
  'server_restart',
  'cancelled',
  'error',
]);

export function isEndReason(v: string): v is EndReason {
  return (endReasons as readonly string[]).includes(v);
}

/**
 * The terminal status a call reaches when it ends for `reason` while in `from`: a connected call
 * (`in_progress`) that ends normally is `completed` (voicemail too, with outcome `voicemail`);
 * failing reasons, and any end before the call connected, are `failed`. Undefined if already ended.
 */
export function endStatus(reason: EndReason, from: CallStatus): TerminalStatus | undefined {
  if (isTerminal(from)) return undefined;
  if (failingReasons.has(reason)) return 'failed';
  return from === 'in_progress' ? 'completed' : 'failed';
}

/** The terminal statuses `reason` can lead to (from some non-terminal status). */
export function possibleEndStatuses(reason: EndReason): TerminalStatus[] {
  return failingReasons.has(reason) ? ['failed'] : ['completed', 'failed'];
}
