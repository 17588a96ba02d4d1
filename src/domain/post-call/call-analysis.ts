import type { CallRecord } from '../call/call.ts';

/** An outcome post-call analysis may pick, with what it means (its description guides the classifier). */
export interface OutcomeChoice {
  name: string;
  label: string;
  description: string | null;
}

/** The built-in outcomes (decisions §5) with their meaning from the reference (§4.16). */
export const builtinOutcomeChoices: readonly OutcomeChoice[] = [
  {
    name: 'appointment_booked',
    label: 'Appointment Booked',
    description: 'A meeting or demo was scheduled: the caller agreed to a specific time.',
  },
  {
    name: 'interested',
    label: 'Interested',
    description: 'The caller engaged positively but made no commitment (a signal, not a qualification).',
  },
  {
    name: 'not_interested',
    label: 'Not Interested',
    description: 'An explicit decline ("not interested", "take me off your list").',
  },
  {
    name: 'not_connected',
    label: 'Not Connected',
    description: 'No conversation happened (unanswered, busy, immediate hang-up).',
  },
  {
    name: 'voicemail',
    label: 'Voicemail',
    description: 'A voicemail greeting answered instead of a person.',
  },
];

/** Which classifier produced an analysis: the agent's LLM, the keyword rules, or the call's facts alone. */
export type Classifier = 'llm' | 'offline' | 'call_facts';

/** What post-call analysis decides for one call (stored in `analysis` and mirrored to `outcome`/`ai_summary`). */
export interface CallAnalysis {
  outcome: string | null;
  summary: string;
  classifier: Classifier;
  /** `provider/model` of the LLM that classified the call. */
  model?: string;
  /** Why the offline classifier was used instead of the LLM. */
  note?: string;
}

/** A conversation took place: the caller said something on a call that connected. */
export function hadConversation(call: Pick<CallRecord, 'messages'>): boolean {
  return call.messages.some((m) => m.role === 'user' && m.content.trim() !== '');
}

/**
 * Outcomes that follow from what happened to the call, whatever was said: voicemail when the engine
 * detected one, nothing for a cancelled scheduled call or one cut off by a crash before its
 * transcript was saved, `not_connected` when no conversation took place. Undefined when there was
 * a conversation to classify.
 */
export function outcomeFromFacts(
  call: Pick<CallRecord, 'end_reason' | 'messages' | 'status' | 'answered_at'>,
): CallAnalysis | undefined {
  const facts = (outcome: string | null, summary: string): CallAnalysis => ({
    outcome,
    summary,
    classifier: 'call_facts',
  });
  if (call.end_reason === 'voicemail')
    return facts('voicemail', 'The call reached a voicemail greeting; the agent left its voicemail message.');
  if (call.end_reason === 'cancelled')
    return facts(null, 'The scheduled call was cancelled before it was dialled.');
  if (hadConversation(call)) return undefined;
  if (call.end_reason === 'server_restart' && call.answered_at && call.messages.length === 0)
    return facts(
      null,
      'The call was cut off when the Parley process running it stopped; what was said was not saved.',
    );
  const why = call.end_reason ? ` (${call.end_reason.replaceAll('_', ' ')})` : '';
  return facts(
    'not_connected',
    call.status === 'failed' && !call.messages.length
      ? `The call did not connect${why}.`
      : `The call ended before the caller said anything${why}.`,
  );
}

/** The transcript as plain lines for a prompt or keyword rules: `Agent: …` / `Caller: …` / `Tool x: …`. */
export function transcriptLines(call: Pick<CallRecord, 'messages'>): string[] {
  return call.messages.map((m) => {
    if (m.role === 'assistant') return `Agent: ${m.content}${m.interrupted ? ' [interrupted]' : ''}`;
    if (m.role === 'user') return `Caller: ${m.content}`;
    return `Tool ${m.name ?? ''}: ${m.content}`;
  });
}
