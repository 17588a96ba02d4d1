// Runs flite (WASI) off the main thread; plain JS so it loads under node, tsx and vitest alike.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

// node:wasi prints an ExperimentalWarning once per thread; it is expected here, not news.
process.removeAllListeners('warning');
const { WASI } = await import('node:wasi');

const module = await WebAssembly.compile(fs.readFileSync(workerData.wasmPath));
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

parentPort.on('message', async (job) => {
  const file = `out-${job.id}.wav`;
  try {
    const wasi = new WASI({
      version: 'preview1',
      args: [
        'flite',
        '-voice',
        job.voice,
        '--setf',
        `duration_stretch=${1 / job.speed}`,
        '-t',
        job.text,
        file,
      ],
      env: {},
      preopens: { '.': dir },
      returnOnExit: true,
    });
    const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport });
    const code = wasi.start(instance);
    if (code !== 0) throw new Error(`flite exited with code ${code}`);
    const { pcm, rate } = readWav(fs.readFileSync(path.join(dir, file)));
    parentPort.postMessage({ id: job.id, ok: true, pcm, sampleRate: rate }, [pcm.buffer]);
  } catch (e) {
    parentPort.postMessage({ id: job.id, ok: false, error: e instanceof Error ? e.message : String(e) });
  } finally {
    fs.rmSync(path.join(dir, file), { force: true });
  }
});
