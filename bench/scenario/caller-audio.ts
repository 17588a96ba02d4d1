import { fliteSpeech } from '../../src/pipeline/testing/flite-speech.ts';
import { reference } from './reference.ts';

/** One caller sentence: 8 kHz PCM16 trimmed to its speech, so its last sample is the speech end. */
export interface CallerSentence {
  text: string;
  pcm: Int16Array;
  speechMs: number;
}

const frameSamples = (reference.sampleRate * reference.frameMs) / 1000;
/** Mean absolute level above which a 20 ms frame counts as speech (the energy gate). */
export const speechLevel = 300;

function meanAbs(pcm: Int16Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += Math.abs(pcm[i]!);
  return s / Math.max(1, to - from);
}

/** Cut leading and trailing non-speech frames (energy gate on 20 ms frames); the result is whole frames. */
export function trimToSpeech(pcm: Int16Array): Int16Array {
  const frames = Math.floor(pcm.length / frameSamples);
  const isSpeech = (f: number) => meanAbs(pcm, f * frameSamples, (f + 1) * frameSamples) > speechLevel;
  let first = 0;
  while (first < frames && !isSpeech(first)) first++;
  let last = frames - 1;
  while (last > first && !isSpeech(last)) last--;
  return pcm.slice(first * frameSamples, (last + 1) * frameSamples);
}

/** The barge-in sentence, synthesised and trimmed like the others (checked to be 1–3 s). */
export async function bargeSentence(): Promise<CallerSentence> {
  const text = reference.bargeSentence;
  const { pcm, sampleRate } = await fliteSpeech(text, 'kal');
  const speech = trimToSpeech(pcm);
  const speechMs = (speech.length / sampleRate) * 1000;
  if (speechMs < 1000 || speechMs > 3000) throw new Error(`"${text}" is ${speechMs} ms, outside 1–3 s`);
  return { text, pcm: speech, speechMs };
}

/** The five reference sentences, synthesised with flite `kal` and checked to be 1.9–3.8 s. */
export async function callerSentences(): Promise<CallerSentence[]> {
  const out: CallerSentence[] = [];
  for (const text of reference.sentences) {
    const { pcm, sampleRate } = await fliteSpeech(text, 'kal');
    if (sampleRate !== reference.sampleRate) throw new Error(`flite kal gave ${sampleRate} Hz`);
    const speech = trimToSpeech(pcm);
    const speechMs = (speech.length / sampleRate) * 1000;
    if (speechMs < 1900 || speechMs > 3800) throw new Error(`"${text}" is ${speechMs} ms, outside 1.9–3.8 s`);
    out.push({ text, pcm: speech, speechMs });
  }
  return out;
}
