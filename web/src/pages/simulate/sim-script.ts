/** One row of the script editor, turned into a decisions §9 step by `toSimSteps`. */
export interface StepRow extends Record<string, unknown> {
  kind: 'say' | 'barge_in' | 'dtmf' | 'silence' | 'hangup';
  text: string;
  ms: string;
}

export type SimStep =
  | { say: string; after_ms?: number }
  | { say: string; barge_in_ms: number }
  | { dtmf: string }
  | { silence_ms: number }
  | { hangup: true };

export interface SimConfig {
  answer: 'human' | 'machine' | 'no_answer' | 'busy';
  script?: SimStep[];
}

export const stepKinds: { value: StepRow['kind']; label: string }[] = [
  { value: 'say', label: 'Say (after the agent stops)' },
  { value: 'barge_in', label: 'Say (interrupting the agent)' },
  { value: 'dtmf', label: 'Press keys (DTMF)' },
  { value: 'silence', label: 'Stay silent' },
  { value: 'hangup', label: 'Hang up' },
];

export function toSimSteps(rows: StepRow[]): SimStep[] {
  return rows.map((r): SimStep => {
    const ms = Number(r.ms);
    const hasMs = r.ms.trim() !== '' && Number.isFinite(ms);
    if (r.kind === 'say') return hasMs ? { say: r.text, after_ms: ms } : { say: r.text };
    if (r.kind === 'barge_in') return { say: r.text, barge_in_ms: hasMs ? ms : 1000 };
    if (r.kind === 'dtmf') return { dtmf: r.text };
    if (r.kind === 'silence') return { silence_ms: hasMs ? ms : 5000 };
    return { hangup: true };
  });
}

export function fromSimSteps(steps: SimStep[]): StepRow[] {
  return steps.map((s): StepRow => {
    if ('hangup' in s) return { kind: 'hangup', text: '', ms: '' };
    if ('dtmf' in s) return { kind: 'dtmf', text: s.dtmf, ms: '' };
    if ('silence_ms' in s) return { kind: 'silence', text: '', ms: String(s.silence_ms) };
    if ('barge_in_ms' in s) return { kind: 'barge_in', text: s.say, ms: String(s.barge_in_ms) };
    return { kind: 'say', text: s.say, ms: s.after_ms !== undefined ? String(s.after_ms) : '' };
  });
}

/** A starter script: a short, polite caller who asks one question and says goodbye. */
export const exampleScript: StepRow[] = [
  { kind: 'say', text: 'Hi, I would like to know your opening hours.', ms: '600' },
  { kind: 'say', text: 'Great, thank you. Goodbye!', ms: '600' },
  { kind: 'hangup', text: '', ms: '' },
];
