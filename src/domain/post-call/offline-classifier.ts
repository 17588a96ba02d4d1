import type { CallRecord } from '../call/call.ts';
import { isBuiltinOutcome } from '../outcome/outcome.ts';
import { type CallAnalysis, type OutcomeChoice, outcomeFromFacts } from './call-analysis.ts';

/** Phrases that decide a built-in outcome, checked in this order (a decline beats interest). */
const rules: { outcome: string; who: 'caller' | 'either'; pattern: RegExp }[] = [
  {
    outcome: 'not_interested',
    who: 'caller',
    pattern:
      /\b(not interested|no,? thanks|no thank you|don'?t (call|contact) me|do not (call|contact)|take me off|remove me|stop calling|not for me|no need)\b/i,
  },
  {
    outcome: 'appointment_booked',
    who: 'either',
    pattern:
      /\b((you'?re|you are|i'?ve|i have|we'?re|it'?s|is) (all )?(booked|scheduled|confirmed)|booked (you|it|that|a)|appointment (is )?(booked|confirmed|scheduled|set)|see you (on|at|then|tomorrow|next))\b/i,
  },
  {
    outcome: 'interested',
    who: 'caller',
    pattern:
      /\b(i'?m interested|sounds (good|great|interesting)|tell me more|yes,? please|send me (the |some )?(info|information|details)|how much|i'?d like (to|that)|that would be great)\b/i,
  },
];

const words = (s: string) => s.toLowerCase().replaceAll('_', ' ');

/**
 * The keyless classifier (`analysis.classifier: "offline"`): call facts first (voicemail, not
 * connected), then keyword rules over the transcript for the built-in outcomes, then a workspace
 * outcome whose label or name the conversation mentions; otherwise null. Predictable, not smart.
 */
export function classifyOffline(
  call: Pick<CallRecord, 'end_reason' | 'messages' | 'status' | 'duration_seconds' | 'answered_at'>,
  choices: readonly OutcomeChoice[],
  note?: string,
): CallAnalysis {
  const facts = outcomeFromFacts(call);
  if (facts) return facts;
  const caller = call.messages
    .filter((m) => m.role === 'user')
    .map((m) => m.content)
    .join('\n');
  const everyone = call.messages.map((m) => m.content).join('\n');
  const allowed = new Set(choices.map((c) => c.name));
  let outcome: string | null = null;
  let because = '';
  for (const r of rules) {
    if (!allowed.has(r.outcome)) continue;
    const hit = (r.who === 'caller' ? caller : everyone).match(r.pattern);
    if (hit) {
      outcome = r.outcome;
      because = ` (matched "${hit[0]}")`;
      break;
    }
  }
  if (!outcome) {
    const text = words(everyone);
    const custom = choices.find(
      (c) => !isBuiltinOutcome(c.name) && (text.includes(words(c.label)) || text.includes(words(c.name))),
    );
    if (custom) {
      outcome = custom.name;
      because = ` (mentioned "${custom.label}")`;
    }
  }
  const turns = call.messages.filter((m) => m.role !== 'tool').length;
  const firstWords = call.messages.find((m) => m.role === 'user')?.content ?? '';
  const summary =
    `Offline summary (no LLM): ${turns} turns over ${Math.round(call.duration_seconds ?? 0)} s; ` +
    `the caller opened with "${clip(firstWords, 120)}". ` +
    (outcome ? `Outcome ${outcome}${because}.` : 'No outcome rule matched.');
  return { outcome, summary, classifier: 'offline', ...(note ? { note } : {}) };
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
