// Silero v5 inference off the event loop that carries call audio: batches in shared memory, results written in place.
import { parentPort, workerData } from 'node:worker_threads';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { lowerThisThreadPriority } from '../../lib/thread-priority.mjs';

lowerThisThreadPriority();

const session = await InferenceSession.create(workerData.modelPath, {
  interOpNumThreads: 1,
  intraOpNumThreads: 1,
  executionMode: 'sequential',
});
const rates = new Map();

parentPort.on('message', async (m) => {
  try {
    let sr = rates.get(m.sampleRate);
    if (!sr) {
      sr = new Tensor('int64', BigInt64Array.from([BigInt(m.sampleRate)]));
      rates.set(m.sampleRate, sr);
    }
    const out = await session.run({
      // onnxruntime takes no shared memory: copy the batch out (on this thread, not the event loop's).
      input: new Tensor('float32', new Float32Array(m.input), [m.n, m.input.length / m.n]),
      state: new Tensor('float32', new Float32Array(m.state), [2, m.n, 128]),
      sr,
    });
    // The batch's arrays are views of shared memory: results go straight into them.
    m.probs.set(out.output.data);
    m.next.set(out.stateN.data);
    parentPort.postMessage({ id: m.id });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
parentPort.postMessage({ ready: true });
