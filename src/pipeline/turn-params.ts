/**
 * How an agent's `responsiveness` and `interruption_sensitivity` (both 0…1) become turn-taking
 * timings. Piecewise-linear between the anchor points below; docs/engine.md has the table.
 */
export interface TurnParams {
  /** Wait after the caller's last speech before their turn ends (ms). */
  endpointingMs: number;
  /** Silence that makes the VAD report end of speech and the STT flush (ms): a third of the wait, 64…200 ms. */
  vadSilenceMs: number;
  /** Longest wait past the endpoint for a transcript that is still coming (ms). */
  sttFinalTimeoutMs: number;
  /** Caller speech that pauses the agent (ms of continuous speech). */
  minInterruptSpeechMs: number;
  /** Words (other than backchannels) needed to turn a pause into an interruption. */
  minInterruptWords: number;
  /** After a pause, how long the caller may stay silent without words before the agent resumes (ms). */
  falseInterruptionMs: number;
  /** Pause between keypad digits that ends a DTMF entry (ms); `#` ends it at once. */
  dtmfTimeoutMs: number;
  endCallPhrases: string[];
}

/** Linear interpolation through `[x, y]` anchors sorted by x; clamps outside. */
function lerp(x: number, points: readonly (readonly [number, number])[]): number {
  const v = Math.min(1, Math.max(0, x));
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1]!;
    const [x1, y1] = points[i]!;
    if (v <= x1) return Math.round(y0 + ((y1 - y0) * (v - x0)) / (x1 - x0));
  }
  return points[points.length - 1]![1];
}

/** responsiveness 0 (patient) … 1 (snappy) → endpointing wait: 1000 ms, 300 ms at 0.5, 150 ms. */
export const endpointingAnchors = [
  [0, 1000],
  [0.5, 300],
  [1, 150],
] as const;

/** interruption_sensitivity 0 (hard) … 1 (easy) → speech that pauses the agent: 800 ms, 64 ms at 0.5, 32 ms. */
export const interruptSpeechAnchors = [
  [0, 800],
  [0.5, 64],
  [1, 32],
] as const;

export function turnParams(agent: {
  responsiveness: number;
  interruption_sensitivity: number;
  end_call_phrases: readonly string[];
}): TurnParams {
  const endpointingMs = lerp(agent.responsiveness, endpointingAnchors);
  return {
    endpointingMs,
    vadSilenceMs: Math.min(200, Math.max(64, Math.round(endpointingMs / 3))),
    sttFinalTimeoutMs: 1500,
    minInterruptSpeechMs: lerp(agent.interruption_sensitivity, interruptSpeechAnchors),
    minInterruptWords: agent.interruption_sensitivity < 0.3 ? 2 : 1,
    falseInterruptionMs: 1500,
    dtmfTimeoutMs: 1500,
    endCallPhrases: agent.end_call_phrases.map(normalizeText).filter((p) => p.length > 0),
  };
}

/** Lower-case words separated by single spaces, punctuation and hyphens dropped ("Uh-huh!" → "uh huh"). */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .replace(/'/g, '')
    .trim();
}

/** Short acknowledgements that show the caller is listening; they never interrupt. */
const backchannelPhrases: readonly string[][] = [
  'uh huh',
  'mm hmm',
  'mhm',
  'mm',
  'hmm',
  'um',
  'uh',
  'yeah',
  'yep',
  'yes',
  'okay',
  'ok',
  'right',
  'sure',
  'alright',
  'got it',
  'i see',
  'oh',
  'ah',
].map((p) => p.split(' '));

/** Words in `text` that are not backchannels (0 for "yeah, okay", 2 for "wait stop"). */
export function meaningfulWords(text: string): number {
  const words = normalizeText(text)
    .split(' ')
    .filter((w) => w.length > 0);
  let count = 0;
  let i = 0;
  outer: while (i < words.length) {
    for (const parts of backchannelPhrases) {
      if (parts.every((p, k) => words[i + k] === p)) {
        i += parts.length;
        continue outer;
      }
    }
    count++;
    i++;
  }
  return count;
}

/** True when the caller's turn contains one of the (normalised) end-call phrases as whole words. */
export function matchesEndCallPhrase(text: string, phrases: readonly string[]): boolean {
  if (phrases.length === 0) return false;
  const t = ` ${normalizeText(text)} `;
  return phrases.some((p) => t.includes(` ${p} `));
}
