// Preloaded into a benched server on the embedded store (`node --import`): in PGlite's worker thread,
// each statement's count and wall time, written every 500 ms to STORE_PROBE_FILE as running totals.
import fs from 'node:fs';
import { isMainThread, workerData } from 'node:worker_threads';

const file = process.env.STORE_PROBE_FILE;
// Only PGlite's worker is started with these keys (`src/store/pglite-worker-host.ts`).
const isStoreWorker = !isMainThread && workerData && 'dataDir' in workerData && 'loadDataDir' in workerData;

/** The first statement a wire message runs: a Parse's or simple Query's text, else the prepared statement a Bind names. */
function statementOf(m) {
  const view = new DataView(m.buffer, m.byteOffset, m.byteLength);
  const text = (from) => {
    let end = from;
    while (end < m.length && m[end] !== 0) end++;
    return [Buffer.from(m.buffer, m.byteOffset + from, end - from).toString('utf8'), end + 1];
  };
  let bound;
  for (let at = 0; at + 5 <= m.length; at += 1 + view.getInt32(at + 1)) {
    const type = m[at];
    if (type === 0x51) return text(at + 5)[0]; // 'Q'
    if (type === 0x50) return text(text(at + 5)[1])[0]; // 'P': name, then query
    if (type === 0x42 && bound === undefined) bound = text(text(at + 5)[1])[0]; // 'B': portal, then statement
    if (type === 0x64) return '(COPY data)'; // 'd'
  }
  return bound ? `(prepared ${bound})` : '(other)';
}

/** A statement's text shortened to a table key: comments dropped, whitespace collapsed, 120 characters. */
function keyOf(statement) {
  return statement
    .replace(/\/\*.*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
}

if (file && isStoreWorker) {
  const { PGlite } = await import('@electric-sql/pglite');
  const stats = new Map();
  const exec = PGlite.prototype.execProtocolRawStream;
  PGlite.prototype.execProtocolRawStream = async function (message, options) {
    const t0 = performance.now();
    try {
      return await exec.call(this, message, options);
    } finally {
      const key = keyOf(statementOf(message));
      const s = stats.get(key) ?? { n: 0, ms: 0 };
      s.n++;
      s.ms += performance.now() - t0;
      stats.set(key, s);
    }
  };
  setInterval(() => {
    const out = { at_ms: performance.timeOrigin + performance.now(), statements: Object.fromEntries(stats) };
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(out));
    fs.renameSync(`${file}.tmp`, file);
  }, 500).unref();
}
