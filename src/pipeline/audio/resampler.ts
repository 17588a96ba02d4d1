/**
 * Streaming polyphase FIR resampler for PCM16 between any two rates with a rational ratio
 * (8, 16, 24 and 48 kHz in practice). The low-pass is a Kaiser-windowed sinc: passband to
 * 0.8 × the lower Nyquist, stopband (≥ 60 dB design) from the lower Nyquist up, so nothing folds.
 * State carries across calls, so 20 ms frames resample as one continuous signal.
 */

import { type FirKernel, firKernel, type KernelBank } from './fir-kernel.ts';

// Aliases 60 dB down sit far under μ-law's own noise (~38 dB SNR), at ~70 % of the taps 80 dB needs.
const STOPBAND_DB = 60;
const PASS_EDGE = 0.8;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Zeroth-order modified Bessel function of the first kind (series). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

/** Polyphase bank: `bank[p * taps + j]` multiplies input sample `n0 - (taps - 1) + j` for output phase `p`. */
function designBank(L: number, M: number, inRate: number): { bank: Float64Array; taps: number } {
  const fu = inRate * L;
  const nyqMin = Math.min(inRate, (inRate * L) / M) / 2;
  const fc = ((1 + PASS_EDGE) / 2) * nyqMin;
  const transition = (1 - PASS_EDGE) * nyqMin;
  const beta = 0.1102 * (STOPBAND_DB - 8.7);
  const estimate = Math.ceil((STOPBAND_DB - 7.95) / (2.285 * ((2 * Math.PI * transition) / fu))) + 1;
  const taps = Math.ceil(estimate / L);
  const n = taps * L;
  const centre = (n - 1) / 2;
  const proto = new Float64Array(n);
  const i0b = besselI0(beta);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = i - centre;
    const sinc = x === 0 ? (2 * fc) / fu : Math.sin((2 * Math.PI * fc * x) / fu) / (Math.PI * x);
    const r = (2 * i) / (n - 1) - 1;
    proto[i] = sinc * (besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0b);
    sum += proto[i]!;
  }
  // Stored oldest sample first so the inner loop walks both arrays forwards.
  const bank = new Float64Array(n);
  for (let p = 0; p < L; p++) {
    for (let k = 0; k < taps; k++) bank[p * taps + (taps - 1 - k)] = (proto[p + k * L]! * L) / sum;
  }
  // One phase (pure decimation) is the whole symmetric prototype: make it exactly so for the folded loop.
  if (L === 1) for (let k = 0; k < taps >> 1; k++) bank[taps - 1 - k] = bank[k]!;
  return { bank, taps };
}

/** Designs by ratio and rate, shared by every resampler (and placed once in the SIMD kernel). */
const designs = new Map<string, { bank: Float64Array; taps: number }>();

function sharedDesign(L: number, M: number, inRate: number): { bank: Float64Array; taps: number } {
  const key = `${L}/${M}/${inRate}`;
  let d = designs.get(key);
  if (!d) {
    d = designBank(L, M, inRate);
    designs.set(key, d);
  }
  return d;
}

export class Resampler {
  readonly inRate: number;
  readonly outRate: number;
  private readonly L: number;
  private readonly M: number;
  private readonly bank: Float64Array;
  private readonly taps: number;
  /** The last `taps - 1` input samples, then the current chunk (as doubles: no conversion per tap). */
  private work: Float64Array;
  private out: Int16Array;
  /** Upsampled index of the next output, relative to the current chunk's first sample. */
  private t = 0;
  /** The SIMD kernel's bank and this stream's history, when decimating there. */
  private readonly simd: { kernel: FirKernel; bank: KernelBank; hist: Float32Array } | undefined;

  /** `simd: false` keeps integer decimation on the JS loop too (to compare the two). */
  constructor(inRate: number, outRate: number, opts: { simd?: boolean } = {}) {
    if (!Number.isInteger(inRate) || !Number.isInteger(outRate) || inRate <= 0 || outRate <= 0)
      throw new Error(`unsupported resampling ${inRate} → ${outRate} Hz`);
    this.inRate = inRate;
    this.outRate = outRate;
    const g = gcd(inRate, outRate);
    this.L = outRate / g;
    this.M = inRate / g;
    if (this.L > 64 || this.M > 64) throw new Error(`unsupported resampling ratio ${inRate} → ${outRate} Hz`);
    const { bank, taps } =
      this.L === this.M ? { bank: new Float64Array(1), taps: 1 } : sharedDesign(this.L, this.M, inRate);
    this.bank = bank;
    this.taps = taps;
    this.work = new Float64Array(taps - 1 + 1024);
    this.out = new Int16Array(1024);
    // Integer decimation (TTS audio down to the call's rate) runs in the SIMD kernel where there is one.
    const kernel = this.L === 1 && this.M > 1 && opts.simd !== false ? firKernel() : null;
    if (kernel) this.simd = { kernel, bank: kernel.bank(bank), hist: new Float32Array(taps - 1) };
  }

  /** Input samples of delay the filter adds (half its length). */
  get delaySamples(): number {
    return this.L === this.M ? 0 : (this.taps * this.L - 1) / 2 / this.L;
  }

  /**
   * Resample one chunk. The result is a view of an internal buffer, valid until the next call:
   * copy it to keep it. Same-rate resampling returns `input` itself.
   */
  process(input: Int16Array): Int16Array {
    if (this.L === this.M) return input;
    if (this.simd) return this.processSimd(input, this.simd);
    const { L, M, taps, bank } = this;
    const hist = taps - 1;
    const len = input.length;
    if (this.work.length < hist + len) {
      const next = new Float64Array(hist + len);
      next.set(this.work.subarray(0, hist));
      this.work = next;
    }
    const w = this.work;
    for (let i = 0; i < len; i++) w[hist + i] = input[i]!;
    const maxOut = Math.ceil((len * L) / M) + 1;
    if (this.out.length < maxOut) this.out = new Int16Array(maxOut);
    const out = this.out;
    let t = this.t;
    let count = 0;
    const limit = len * L;
    if (L === 1) {
      count = this.decimate(w, out, t, limit);
      t += Math.ceil((limit - t) / M) * M;
    }
    while (t < limit) {
      const n0 = Math.floor(t / L);
      const p = t - n0 * L;
      const base = p * taps;
      const first = n0; // w[first] is input sample n0 - (taps - 1)
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let k = 0;
      for (; k + 3 < taps; k += 4) {
        a0 += bank[base + k]! * w[first + k]!;
        a1 += bank[base + k + 1]! * w[first + k + 1]!;
        a2 += bank[base + k + 2]! * w[first + k + 2]!;
        a3 += bank[base + k + 3]! * w[first + k + 3]!;
      }
      for (; k < taps; k++) a0 += bank[base + k]! * w[first + k]!;
      const acc = a0 + a1 + (a2 + a3);
      out[count++] = acc > 32767 ? 32767 : acc < -32768 ? -32768 : Math.round(acc);
      t += M;
    }
    this.t = t - limit;
    w.copyWithin(0, len, len + hist);
    return out.subarray(0, count);
  }

  private processSimd(input: Int16Array, s: NonNullable<Resampler['simd']>): Int16Array {
    const M = this.M;
    const limit = input.length;
    const maxOut = Math.ceil(limit / M) + 1;
    if (this.out.length < maxOut) this.out = new Int16Array(maxOut);
    const count = s.kernel.decimate(s.bank, s.hist, input, this.t, limit, M, this.out);
    this.t += Math.ceil((limit - this.t) / M) * M - limit;
    return this.out.subarray(0, count);
  }

  /** Integer decimation (one symmetric phase): fold the window so each tap pair costs one multiply. */
  private decimate(w: Float64Array, out: Int16Array, from: number, limit: number): number {
    const { M, taps, bank } = this;
    const half = taps >> 1;
    let count = 0;
    for (let t = from; t < limit; t += M) {
      const last = t + taps - 1;
      let a0 = 0;
      let a1 = 0;
      let k = 0;
      for (; k + 1 < half; k += 2) {
        a0 += bank[k]! * (w[t + k]! + w[last - k]!);
        a1 += bank[k + 1]! * (w[t + k + 1]! + w[last - k - 1]!);
      }
      for (; k < half; k++) a0 += bank[k]! * (w[t + k]! + w[last - k]!);
      if (taps & 1) a0 += bank[half]! * w[t + half]!;
      const acc = a0 + a1;
      out[count++] = acc > 32767 ? 32767 : acc < -32768 ? -32768 : Math.round(acc);
    }
    return count;
  }

  /** Forget the signal so far (e.g. between unrelated utterances). */
  reset(): void {
    this.work.fill(0);
    this.simd?.hist.fill(0);
    this.t = 0;
  }
}
