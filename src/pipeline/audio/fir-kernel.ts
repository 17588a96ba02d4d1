import { firWasmBase64 } from './fir-wasm.ts';

const PAGE = 65536;

/** A bank placed in the kernel's memory: byte offset and padded length in bytes. */
export interface KernelBank {
  offset: number;
  bytes: number;
  taps: number;
}

/**
 * The FIR decimation kernel (fir.wat, WebAssembly SIMD), one instance per thread. Banks are
 * placed once and kept; each call stages its history and chunk in a scratch area after them, so a
 * resampler keeps only its own history between chunks.
 */
export class FirKernel {
  private readonly memory: WebAssembly.Memory;
  private readonly run: (...args: number[]) => number;
  private f32: Float32Array;
  private i16: Int16Array;
  /** First free byte after the banks (16-aligned). */
  private top = 0;
  private readonly banks = new Map<Float64Array, KernelBank>();

  constructor(module: WebAssembly.Module) {
    const instance = new WebAssembly.Instance(module);
    this.memory = instance.exports.memory as WebAssembly.Memory;
    this.run = instance.exports.decimate as (...args: number[]) => number;
    this.f32 = new Float32Array(this.memory.buffer);
    this.i16 = new Int16Array(this.memory.buffer);
  }

  /** Place a bank (taps, oldest sample first) once; later calls with the same array reuse it. */
  bank(bank: Float64Array): KernelBank {
    const known = this.banks.get(bank);
    if (known) return known;
    const padded = Math.ceil(bank.length / 8) * 8;
    const placed = { offset: this.top, bytes: padded * 4, taps: bank.length };
    this.ensure(this.top + placed.bytes);
    this.f32.fill(0, placed.offset / 4, placed.offset / 4 + padded);
    for (let i = 0; i < bank.length; i++) this.f32[placed.offset / 4 + i] = bank[i]!;
    this.top += placed.bytes;
    this.banks.set(bank, placed);
    return placed;
  }

  /**
   * Decimate `hist` (the last taps − 1 samples) followed by `input`, from upsampled index `from` in
   * steps of `m` up to `limit`, into `out`; `hist` is updated to the chunk's last taps − 1 samples.
   */
  decimate(
    b: KernelBank,
    hist: Float32Array,
    input: Int16Array,
    from: number,
    limit: number,
    m: number,
    out: Int16Array,
  ): number {
    const h = hist.length;
    const n = h + input.length;
    const w = this.top;
    // The padded taps read up to 7 samples past the chunk: they must be finite (their taps are 0).
    const outAt = w + Math.ceil(((n + 8) * 4) / 16) * 16;
    this.ensure(outAt + out.length * 2 + 16);
    const f = this.f32;
    const w4 = w / 4;
    f.set(hist, w4);
    for (let i = 0; i < input.length; i++) f[w4 + h + i] = input[i]!;
    f.fill(0, w4 + n, w4 + n + 8);
    const count = this.run(b.offset, b.bytes, w, outAt, from, limit, m);
    // Loops, not subarray views: this runs per TTS chunk per call.
    const i16 = this.i16;
    const o2 = outAt / 2;
    for (let i = 0; i < count; i++) out[i] = i16[o2 + i]!;
    for (let i = 0; i < h; i++) hist[i] = f[w4 + n - h + i]!;
    return count;
  }

  /** The kernel's memory (banks and scratch). */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  private ensure(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes <= have) return;
    this.memory.grow(Math.ceil((bytes - have) / PAGE));
    this.f32 = new Float32Array(this.memory.buffer);
    this.i16 = new Int16Array(this.memory.buffer);
  }
}

let shared: FirKernel | null | undefined;

/** This thread's kernel, or null where WebAssembly SIMD is unavailable (the JS loop is used then). */
export function firKernel(): FirKernel | null {
  if (shared === undefined) {
    try {
      shared = new FirKernel(new WebAssembly.Module(Buffer.from(firWasmBase64, 'base64')));
    } catch {
      shared = null;
    }
  }
  return shared;
}
