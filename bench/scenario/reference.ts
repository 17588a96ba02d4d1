/**
 * The reference scenario of docs/benchmarks.md (shared/design/performance.md): the same caller audio,
 * provider latencies and definitions for Parley and for every peer, so a ratio between them holds.
 */
export const reference = {
  /** Caller sentences, synthesised with flite `kal` (8 kHz); each is 1.9–3.8 s of speech. */
  sentences: [
    'Hi, I would like to book a table for two people tonight.',
    'Do you have anything free around seven thirty?',
    'That sounds great, could we sit by the window please?',
    'My name is Sam and my phone number ends in four two.',
    'Thank you so much, see you this evening then.',
  ],
  /** Said over the agent's last reply, `bargeAfterMs` into its audio, to time the barge-in. */
  bargeSentence: 'Sorry, wait, can I change that?',
  bargeAfterMs: 600,
  /** A barge-in with no clear of the agent's audio this long after its onset is missed. */
  bargeMissedMs: 2000,
  /** Silence after the agent's reply finished playing, before the next sentence. */
  gapMs: 700,
  /** A turn with no agent audio this long after speech end is missed. */
  missedTurnMs: 8000,
  /** STT: final transcript this long after speech end (an interim 200 ms into speech). */
  sttFinalMs: 100,
  sttInterimAfterStartMs: 200,
  /** LLM: first token after this long, then `replyWords` words in chunks of `chunkWords` every `chunkIntervalMs`. */
  llmTtftMs: 200,
  replyWords: 20,
  chunkWords: 3,
  chunkIntervalMs: 20,
  /** TTS: first 20 ms frame this long after the first text, `audioMs` of audio per reply at `speedup`× real time. */
  ttsFirstFrameMs: 100,
  ttsAudioMs: 2000,
  ttsSpeedup: 2,
  ttsSampleRate: 24_000,
  /** Telephone audio: 8 kHz, 20 ms frames. */
  sampleRate: 8000,
  frameMs: 20,
  /** A gap between agent frames longer than this inside a turn is an underrun. */
  underrunGapMs: 40,
} as const;

/** The 20-word reply the LLM doubles stream (the same words for every turn). */
export const replyText =
  'Sure, I can help with that. Let me check what we have available for you this evening, one moment please.';

/** The reply as the LLM doubles chunk it: `chunkWords` words per chunk, with the spaces kept. */
export function replyChunks(): string[] {
  const words = replyText.split(' ');
  const out: string[] = [];
  for (let i = 0; i < words.length; i += reference.chunkWords) {
    out.push(`${i === 0 ? '' : ' '}${words.slice(i, i + reference.chunkWords).join(' ')}`);
  }
  return out;
}

const toneHz = 440;
const ttsFrameSamples = (reference.ttsSampleRate * reference.frameMs) / 1000;
/** A whole number of tone cycles (600 samples = 11 cycles at 24 kHz), plus one frame to slice across the wrap. */
const tonePeriod = reference.ttsSampleRate / gcd(reference.ttsSampleRate, toneHz);
const toneTable = Int16Array.from({ length: tonePeriod + ttsFrameSamples }, (_, n) =>
  Math.round(Math.sin((2 * Math.PI * toneHz * n) / reference.ttsSampleRate) * 8000),
);

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The reference TTS's 20 ms frame number `index` of a continuous 440 Hz tone (a fresh copy; no math per frame). */
export function toneFrame(index: number): Int16Array {
  const at = (index * ttsFrameSamples) % tonePeriod;
  return toneTable.slice(at, at + ttsFrameSamples);
}
