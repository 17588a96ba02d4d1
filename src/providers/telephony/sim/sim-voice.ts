import { untracked, type WorkTracker } from '../../../lib/virtual-clock.ts';
import { PcmBuffer } from '../../../pipeline/audio/pcm.ts';
import { Resampler } from '../../../pipeline/audio/resampler.ts';
import type { Tts } from '../../tts/tts.ts';

/** One line of the simulated party, ready to send: PCM16 mono at the line rate. */
export interface SimAudio {
  text: string;
  pcm: Int16Array;
  /** Where the speech really starts and ends inside `pcm` (first and last sample above the floor). */
  speechStart: number;
  speechEnd: number;
}

/** Pause between the sentences of one line, and silence kept before and after it (ms). */
const SENTENCE_GAP_MS = 150;
const EDGE_MS = 100;

/** Level (fraction of full scale) above which a sample counts as speech rather than padding. */
const SPEECH_FLOOR = 0.02;

/** First and one-past-last sample index whose magnitude is above the speech floor. */
export function speechBounds(pcm: Int16Array): { start: number; end: number } {
  const floor = SPEECH_FLOOR * 32768;
  let start = 0;
  while (start < pcm.length && Math.abs(pcm[start]!) < floor) start++;
  let end = pcm.length;
  while (end > start && Math.abs(pcm[end - 1]!) < floor) end--;
  return { start, end };
}

/** A 1 kHz answering-machine beep of `ms` at `sampleRate`. */
export function beep(ms: number, sampleRate: number): Int16Array {
  const n = Math.round((ms * sampleRate) / 1000);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(9000 * Math.sin((2 * Math.PI * 1000 * i) / sampleRate));
  return out;
}

/**
 * The simulated party's voice: synthesises its lines offline (flite through the Tts interface) at
 * the line's rate, once per text per call. Synthesis is real work, reported to `track`.
 */
export class SimVoice {
  private readonly cache = new Map<string, Promise<SimAudio>>();

  constructor(
    private readonly tts: Tts,
    private readonly voice: string,
    private readonly rate: number,
    private readonly track: WorkTracker = untracked,
  ) {}

  /** Start synthesising `texts` now, so speaking them later needs no wait. */
  prepare(texts: readonly string[]): Promise<void> {
    return Promise.all(texts.map((t) => this.audio(t))).then(() => undefined);
  }

  audio(text: string): Promise<SimAudio> {
    let p = this.cache.get(text);
    if (!p) {
      p = this.track(this.synthesize(text));
      this.cache.set(text, p);
    }
    return p;
  }

  /**
   * Each sentence on its own, joined with short pauses, so a line is one continuous utterance (a
   * long pause inside it would end the caller's turn halfway).
   */
  private async synthesize(text: string): Promise<SimAudio> {
    const sentences = text.split(/(?<=[.!?;])\s+/).filter((t) => /[\p{L}\p{N}]/u.test(t));
    const clips = await Promise.all((sentences.length ? sentences : [text]).map((t) => this.sentence(t)));
    const out = new PcmBuffer(this.rate * 4);
    const gap = new Int16Array(Math.round((SENTENCE_GAP_MS * this.rate) / 1000));
    const edge = Math.round((EDGE_MS * this.rate) / 1000);
    clips.forEach((pcm, i) => {
      const { start, end } = speechBounds(pcm);
      if (i > 0) out.write(gap);
      out.write(
        pcm.subarray(
          i === 0 ? Math.max(0, start - edge) : start,
          i === clips.length - 1 ? Math.min(pcm.length, end + edge) : end,
        ),
      );
    });
    const pcm = out.view().slice();
    const { start, end } = speechBounds(pcm);
    return { text, pcm, speechStart: start, speechEnd: end };
  }

  private async sentence(text: string): Promise<Int16Array> {
    const out = new PcmBuffer(this.rate * 2);
    let resampler: Resampler | undefined;
    for await (const chunk of this.tts.synthesize(
      { text, voice: this.voice, sampleRate: this.rate },
      new AbortController().signal,
    )) {
      if (chunk.sampleRate === this.rate) out.write(chunk.pcm);
      else {
        resampler ??= new Resampler(chunk.sampleRate, this.rate);
        out.write(resampler.process(chunk.pcm));
      }
    }
    return out.view().slice();
  }
}
