/** Sample rates the engine converts between. */
export const supportedRates = [8000, 16000, 24000, 48000] as const;

/** Samples in one 20 ms frame at `sampleRate`. */
export function frameSamples(sampleRate: number, frameMs = 20): number {
  return Math.round((sampleRate * frameMs) / 1000);
}

/** Duration of `samples` at `sampleRate`, in ms. */
export function samplesToMs(samples: number, sampleRate: number): number {
  return (samples * 1000) / sampleRate;
}

export function msToSamples(ms: number, sampleRate: number): number {
  return Math.round((ms * sampleRate) / 1000);
}

/** A PCM16 buffer that grows by doubling; `view()` exposes the written part without copying. */
export class PcmBuffer {
  private data: Int16Array;
  private len = 0;
  constructor(initialSamples = 4096) {
    this.data = new Int16Array(initialSamples);
  }
  get length(): number {
    return this.len;
  }
  /** Write `pcm` at sample `offset` (default: the end), growing and zero-filling any gap. */
  write(pcm: Int16Array, offset = this.len): void {
    const end = offset + pcm.length;
    this.ensure(end);
    this.data.set(pcm, offset);
    if (end > this.len) this.len = end;
  }
  /** Zero everything from `offset` on and make it the new end. */
  truncate(offset: number): void {
    if (offset >= this.len) return;
    this.data.fill(0, Math.max(0, offset), this.len);
    this.len = Math.max(0, offset);
  }
  /** Extend with silence up to `length` samples. */
  padTo(length: number): void {
    this.ensure(length);
    if (length > this.len) this.len = length;
  }
  view(start = 0, end = this.len): Int16Array {
    return this.data.subarray(start, Math.min(end, this.len));
  }
  private ensure(n: number): void {
    if (n <= this.data.length) return;
    let size = this.data.length * 2;
    while (size < n) size *= 2;
    const next = new Int16Array(size);
    next.set(this.data.subarray(0, this.len));
    this.data = next;
  }
}

/** Root-mean-square level of PCM16 samples, as a fraction of full scale. */
export function rms(pcm: Int16Array): number {
  if (pcm.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < pcm.length; i++) sum += pcm[i]! * pcm[i]!;
  return Math.sqrt(sum / pcm.length) / 32768;
}
