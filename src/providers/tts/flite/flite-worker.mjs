// Runs flite (WASI) off the main thread; plain JS so it loads under node, tsx and vitest alike.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { exportMutableGlobals } from './wasm-globals.mjs';

// node:wasi prints an ExperimentalWarning once per thread; it is expected here, not news.
process.removeAllListeners('warning');
const { WASI } = await import('node:wasi');

/**
 * One flite instance reused for every job. Instantiating flite.wasm copies ~17 MB of data segments
 * (about 30 ms, more than the synthesis itself), so the instance's whole mutable state — linear
 * memory and mutable globals (the stack pointer) — is snapshotted once and restored after each run;
 * each run gets a fresh WASI (file table, args) through import trampolines.
 */
class FliteInstance {
  constructor(bytes) {
    const { bytes: patched, names } = exportMutableGlobals(bytes);
    const module = new WebAssembly.Module(patched);
    /** The WASI of the job running now; the trampolines forward to it. */
    this.wasi = undefined;
    const wasiImports = {};
    for (const imp of WebAssembly.Module.imports(module))
      if (imp.kind === 'function')
        wasiImports[imp.name] = (...args) => this.wasi.wasiImport[imp.name](...args);
    this.instance = new WebAssembly.Instance(module, { wasi_snapshot_preview1: wasiImports });
    this.memory = this.instance.exports.memory;
    this.globals = names.map((n) => this.instance.exports[n]);
    this.pristineGlobals = this.globals.map((g) => g.value);
    this.pristineMemory = new Uint8Array(this.memory.buffer).slice();
  }

  /** Run flite's `_start` with these arguments; returns the exit code. `reset()` before the next run. */
  run(args, dir) {
    this.wasi = new WASI({ version: 'preview1', args, env: {}, preopens: { '.': dir }, returnOnExit: true });
    try {
      return this.wasi.start(this.instance);
    } finally {
      this.wasi = undefined;
    }
  }

  /** Back to the just-instantiated state; memory a run grew stays, zeroed as fresh pages are. */
  reset() {
    const mem = new Uint8Array(this.memory.buffer);
    mem.set(this.pristineMemory);
    if (mem.length > this.pristineMemory.length) mem.fill(0, this.pristineMemory.length);
    for (let i = 0; i < this.globals.length; i++) this.globals[i].value = this.pristineGlobals[i];
  }
}

const flite = new FliteInstance(fs.readFileSync(workerData.wasmPath));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-flite-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
parentPort.postMessage({ ready: true });

/** Find the PCM data and rate in flite's RIFF/WAVE output. */
function readWav(buf) {
  let rate = 0;
  for (let off = 12; off + 8 <= buf.length; ) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    if (id === 'fmt ') rate = buf.readUInt32LE(off + 12);
    if (id === 'data') {
      const end = Math.min(buf.length, off + 8 + size);
      const pcm = new Int16Array((end - off - 8) >> 1);
      Buffer.from(pcm.buffer).set(buf.subarray(off + 8, off + 8 + pcm.length * 2));
      return { pcm, rate };
    }
    off += 8 + size + (size % 2);
  }
  throw new Error('flite wrote no audio');
}

parentPort.on('message', (job) => {
  const file = `out-${job.id}.wav`;
  try {
    const args = [
      'flite',
      '-voice',
      job.voice,
      '--setf',
      `duration_stretch=${1 / job.speed}`,
      '-t',
      job.text,
      file,
    ];
    const code = flite.run(args, dir);
    if (code !== 0) throw new Error(`flite exited with code ${code}`);
    const { pcm, rate } = readWav(fs.readFileSync(path.join(dir, file)));
    parentPort.postMessage({ id: job.id, ok: true, pcm, sampleRate: rate }, [pcm.buffer]);
  } catch (e) {
    parentPort.postMessage({ id: job.id, ok: false, error: e instanceof Error ? e.message : String(e) });
  } finally {
    fs.rmSync(path.join(dir, file), { force: true });
    // After the reply, so the restore is off the sentence's critical path.
    flite.reset();
  }
});
