import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileFirWat, firWasmSource } from '../../../scripts/build-fir-wasm.ts';
import { firKernel } from './fir-kernel.ts';
import { frameSamples, PcmBuffer } from './pcm.ts';
import { Resampler } from './resampler.ts';

/** A speech-like test signal: three tones with a slow envelope, plus deterministic noise, near full scale. */
function signal(rate: number, seconds: number): Int16Array {
  const n = Math.round(rate * seconds);
  const out = new Int16Array(n);
  let seed = 1;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const t = i / rate;
    const env = 0.6 + 0.4 * Math.sin(2 * Math.PI * 3 * t);
    const v =
      env *
        (0.4 * Math.sin(2 * Math.PI * 220 * t) +
          0.3 * Math.sin(2 * Math.PI * 1900 * t) +
          0.2 * Math.sin(2 * Math.PI * 3300 * t)) +
      0.1 * (seed / 2147483648 - 0.5);
    out[i] = Math.round(32767 * Math.max(-1, Math.min(1, v * 1.2)));
  }
  return out;
}

/** Resample in chunks of `step` input samples; the concatenated output. */
function framed(r: Resampler, input: Int16Array, step: number): Int16Array {
  const out = new PcmBuffer();
  for (let i = 0; i < input.length; i += step) out.write(r.process(input.subarray(i, i + step)));
  return out.view().slice();
}

describe('FIR decimation kernel (WebAssembly SIMD)', () => {
  it('is available on this Node', () => {
    expect(firKernel()).not.toBeNull();
  });

  for (const [from, to] of [
    [24000, 8000],
    [16000, 8000],
    [48000, 16000],
    [48000, 8000],
  ] as const) {
    it(`${from} → ${to} Hz gives the JS loop's samples within 1 LSB, clipping included`, () => {
      const input = signal(from, 1);
      const step = frameSamples(from);
      const simd = framed(new Resampler(from, to), input, step);
      const js = framed(new Resampler(from, to, { simd: false }), input, step);
      expect(simd.length).toBe(js.length);
      let worst = 0;
      let clipped = 0;
      for (let i = 0; i < js.length; i++) {
        worst = Math.max(worst, Math.abs(simd[i]! - js[i]!));
        if (Math.abs(js[i]!) >= 32767) clipped++;
      }
      expect(worst).toBeLessThanOrEqual(1);
      expect(clipped).toBeGreaterThan(0);
    });
  }

  it('keeps each stream’s history: interleaved streams give what each gives alone', () => {
    const a = signal(24000, 0.5);
    const b = signal(24000, 0.5).map((s) => -s);
    const step = 480;
    const alone = framed(new Resampler(24000, 8000), a, step);
    const ra = new Resampler(24000, 8000);
    const rb = new Resampler(24000, 8000);
    const outA = new PcmBuffer();
    for (let i = 0; i < a.length; i += step) {
      outA.write(ra.process(a.subarray(i, i + step)));
      rb.process(b.subarray(i, i + step));
    }
    expect(Array.from(outA.view())).toEqual(Array.from(alone));
  });

  it('gives the same samples for odd chunk sizes as for 20 ms frames', () => {
    const input = signal(24000, 0.5);
    const even = framed(new Resampler(24000, 8000), input, 480);
    const odd = framed(new Resampler(24000, 8000), input, 137);
    expect(Array.from(odd)).toEqual(Array.from(even));
  });

  it('places each filter design once, however many resamplers use it', () => {
    new Resampler(24000, 8000).process(signal(24000, 0.1));
    const kernel = firKernel()!;
    const before = kernel.memoryBytes;
    for (let i = 0; i < 2000; i++) new Resampler(24000, 8000).process(signal(24000, 0.02));
    expect(kernel.memoryBytes).toBe(before);
  });

  it('ships the module compiled from fir.wat', async () => {
    const committed = fs.readFileSync(new URL('./fir-wasm.ts', import.meta.url), 'utf8');
    expect(committed).toBe(firWasmSource(await compileFirWat()));
  });
});
