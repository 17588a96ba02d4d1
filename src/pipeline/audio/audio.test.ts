import alawmulaw from 'alawmulaw';
import { describe, expect, it } from 'vitest';
import { mulawDecode, mulawEncode } from './mulaw.ts';
import { frameSamples, PcmBuffer, rms } from './pcm.ts';
import { Resampler } from './resampler.ts';
import { decodeWav, encodeWav } from './wav.ts';

const rates = [8000, 16000, 24000, 48000] as const;

function tone(freq: number, rate: number, seconds: number, amp = 0.5): Int16Array {
  const n = Math.round(rate * seconds);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(amp * 32767 * Math.sin((2 * Math.PI * freq * i) / rate));
  return out;
}

/** Resample in 20 ms frames, as the engine does; returns the concatenated output. */
function resampleFramed(r: Resampler, input: Int16Array): Int16Array {
  const step = frameSamples(r.inRate);
  const out = new PcmBuffer();
  for (let i = 0; i < input.length; i += step) out.write(r.process(input.subarray(i, i + step)));
  return out.view().slice();
}

/** Level after the filter's start-up transient. */
const steadyRms = (pcm: Int16Array, rate: number) => rms(pcm.subarray(Math.round(rate * 0.1)));

describe('mulaw', () => {
  it('encodes every PCM16 value exactly like alawmulaw', () => {
    const all = new Int16Array(65536);
    for (let i = 0; i < 65536; i++) all[i] = i - 32768;
    expect(Buffer.from(mulawEncode(all)).equals(Buffer.from(alawmulaw.mulaw.encode(all)))).toBe(true);
  });

  it('decodes every byte exactly like alawmulaw, into a caller buffer', () => {
    const bytes = new Uint8Array(256).map((_, i) => i);
    const out = new Int16Array(256);
    expect(mulawDecode(bytes, out)).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(alawmulaw.mulaw.decode(bytes)));
  });
});

describe('Resampler', () => {
  for (const from of rates) {
    for (const to of rates) {
      if (from === to) continue;
      it(`${from} → ${to} Hz keeps a 1 kHz tone (±1 dB) and produces the right number of samples`, () => {
        const input = tone(1000, from, 1);
        const out = resampleFramed(new Resampler(from, to), input);
        expect(Math.abs(out.length - to)).toBeLessThanOrEqual(1);
        const gainDb = 20 * Math.log10(steadyRms(out, to) / steadyRms(input, from));
        expect(Math.abs(gainDb)).toBeLessThan(1);
      });
    }
  }

  const aliasCases: [number, number, number][] = [
    [16000, 8000, 5000],
    [16000, 8000, 4200],
    [24000, 8000, 9000],
    [48000, 8000, 6000],
    [48000, 8000, 20000],
    [48000, 16000, 12000],
    [24000, 16000, 10000],
    [48000, 24000, 15000],
  ];
  for (const [from, to, f] of aliasCases) {
    it(`${from} → ${to} Hz attenuates a ${f} Hz tone (above the target Nyquist) by ≥ 40 dB`, () => {
      const input = tone(f, from, 1);
      const out = resampleFramed(new Resampler(from, to), input);
      const gainDb = 20 * Math.log10(steadyRms(out, to) / steadyRms(input, from));
      expect(gainDb).toBeLessThan(-40);
    });
  }

  it('8 → 48 kHz leaves no image of a 3 kHz tone above 4 kHz', () => {
    const out = resampleFramed(new Resampler(8000, 48000), tone(3000, 8000, 1));
    // Subtract the ideal tone (delayed by the filter) and check what remains is ≥ 40 dB down.
    const r = new Resampler(8000, 48000);
    const delay = r.delaySamples * 6;
    let err = 0;
    let sig = 0;
    for (let i = 4800; i < out.length - 100; i++) {
      const ideal = 0.5 * 32767 * Math.sin((2 * Math.PI * 3000 * (i - delay)) / 48000);
      err += (out[i]! - ideal) ** 2;
      sig += ideal ** 2;
    }
    expect(10 * Math.log10(err / sig)).toBeLessThan(-40);
  });

  it('gives the same samples frame by frame as in one piece', () => {
    const input = tone(700, 8000, 0.5);
    const whole = new Resampler(8000, 24000).process(input).slice();
    const framed = resampleFramed(new Resampler(8000, 24000), input);
    expect(Array.from(framed)).toEqual(Array.from(whole));
  });

  it('returns the input untouched at the same rate, and rejects odd ratios', () => {
    const input = tone(440, 16000, 0.02);
    expect(new Resampler(16000, 16000).process(input)).toBe(input);
    expect(() => new Resampler(44100, 8001)).toThrow(/unsupported/);
  });
});

describe('encodeWav', () => {
  it('writes interleaved stereo PCM16 that decodes back (and that wavefile reads)', async () => {
    const left = new Int16Array([1, 2, 3]);
    const right = new Int16Array([-1, -2]);
    const bytes = encodeWav([left, right], 8000);
    expect(bytes.length).toBe(44 + 3 * 2 * 2);
    const back = decodeWav(bytes);
    expect(back.sampleRate).toBe(8000);
    expect(Array.from(back.channels[0]!)).toEqual([1, 2, 3]);
    expect(Array.from(back.channels[1]!)).toEqual([-1, -2, 0]);
    const { WaveFile } = await import('wavefile');
    const wf = new WaveFile(bytes);
    expect(wf.fmt).toMatchObject({ numChannels: 2, sampleRate: 8000, bitsPerSample: 16 });
    expect(Array.from(wf.getSamples(true, Int16Array) as unknown as Int16Array)).toEqual([
      1, -1, 2, -2, 3, 0,
    ]);
  });
});
