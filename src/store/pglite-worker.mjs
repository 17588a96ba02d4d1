// The embedded PostgreSQL (PGlite) on its own thread, so queries never hold up the event loop that carries call audio.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { lowerThisThreadPriority } from '../lib/thread-priority.mjs';

lowerThisThreadPriority();

const pglite = await PGlite.create({
  // pgvector for knowledge-base embeddings (migration 0021 creates it when available).
  extensions: { vector },
  ...(workerData.dataDir ? { dataDir: workerData.dataDir } : {}),
  ...(workerData.loadDataDir ? { loadDataDir: new Blob([workerData.loadDataDir]) } : {}),
});

/** Wire-protocol bytes in, the backend's reply bytes out (chunks are views of WASM memory: copied). */
async function exec(message) {
  const chunks = [];
  let length = 0;
  await pglite.execProtocolRawStream(message, {
    onRawData: (chunk) => {
      chunks.push(chunk.slice());
      length += chunk.length;
    },
  });
  if (chunks.length === 1) return chunks[0];
  const reply = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    reply.set(c, at);
    at += c.length;
  }
  return reply;
}

async function handle(m) {
  try {
    if (m.op === 'exec') {
      const reply = await exec(m.message);
      parentPort.postMessage({ id: m.id, reply }, [reply.buffer]);
    } else if (m.op === 'dump') {
      const data = await (await pglite.dumpDataDir(m.compression)).arrayBuffer();
      parentPort.postMessage({ id: m.id, reply: new Uint8Array(data) }, [data]);
    } else if (m.op === 'close') {
      await pglite.close();
      parentPort.postMessage({ id: m.id });
      parentPort.close();
    }
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
}

// One message at a time, in order: PGlite has a single session.
let chain = Promise.resolve();
parentPort.on('message', (m) => {
  chain = chain.then(() => handle(m));
});
parentPort.postMessage({ ready: true });
