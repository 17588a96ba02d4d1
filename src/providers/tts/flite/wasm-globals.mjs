// Rewrites a wasm binary so its mutable globals are exported: a reused instance can then be reset
// to its just-instantiated state (memory + globals) instead of instantiating 20 MB per sentence.

/** Prefix of the exports added for mutable globals. */
export const globalExportPrefix = '__parley_global_';

function readU32(buf, pos) {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos.i++];
    result |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) return result >>> 0;
    shift += 7;
  }
}

function skipLeb(buf, pos) {
  while (buf[pos.i++] & 0x80);
}

function writeU32(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function skipName(buf, pos) {
  const len = readU32(buf, pos);
  pos.i += len;
}

/** Skip a constant expression (MVP and extended-const opcodes) up to its `end`. */
function skipConstExpr(buf, pos) {
  for (;;) {
    const op = buf[pos.i++];
    if (op === 0x0b) return;
    if (op === 0x41 || op === 0x42 || op === 0x23 || op === 0xd2) skipLeb(buf, pos);
    else if (op === 0x43) pos.i += 4;
    else if (op === 0x44) pos.i += 8;
    else if (op === 0xd0) pos.i += 1;
    else if (op < 0x6a || op > 0x7e)
      throw new Error(`unsupported opcode 0x${op.toString(16)} in a global initialiser`);
  }
}

/** Count imported globals (they come first in the global index space). */
function importedGlobals(buf, start) {
  const pos = { i: start };
  let globals = 0;
  const count = readU32(buf, pos);
  for (let n = 0; n < count; n++) {
    skipName(buf, pos);
    skipName(buf, pos);
    const kind = buf[pos.i++];
    if (kind === 0) skipLeb(buf, pos);
    else if (kind === 1 || kind === 2) {
      if (kind === 1) pos.i++;
      const flags = buf[pos.i++];
      skipLeb(buf, pos);
      if (flags & 1) skipLeb(buf, pos);
    } else if (kind === 3) {
      pos.i += 2;
      globals++;
    } else throw new Error(`unsupported import kind ${kind}`);
  }
  return globals;
}

/** Indices of the module's own mutable globals. */
function mutableGlobals(buf, start, first) {
  const pos = { i: start };
  const out = [];
  const count = readU32(buf, pos);
  for (let n = 0; n < count; n++) {
    pos.i++; // value type
    if (buf[pos.i++] === 1) out.push(first + n);
    skipConstExpr(buf, pos);
  }
  return out;
}

/**
 * The binary with an export `__parley_global_<index>` for each of its own mutable globals, and
 * those export names. Throws on a binary it cannot read.
 */
export function exportMutableGlobals(bytes) {
  const buf = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (buf[0] !== 0 || buf[1] !== 0x61 || buf[2] !== 0x73 || buf[3] !== 0x6d)
    throw new Error('not a wasm binary');
  const sections = [];
  for (const pos = { i: 8 }; pos.i < buf.length; ) {
    const headerStart = pos.i;
    const id = buf[pos.i++];
    const size = readU32(buf, pos);
    sections.push({ id, headerStart, start: pos.i, end: pos.i + size });
    pos.i += size;
  }
  const imports = sections.find((s) => s.id === 2);
  const globalsSection = sections.find((s) => s.id === 6);
  const exportsSection = sections.find((s) => s.id === 7);
  if (!exportsSection) throw new Error('the module has no export section');
  const first = imports ? importedGlobals(buf, imports.start) : 0;
  const indices = globalsSection ? mutableGlobals(buf, globalsSection.start, first) : [];
  const names = indices.map((i) => `${globalExportPrefix}${i}`);
  const pos = { i: exportsSection.start };
  const count = readU32(buf, pos);
  const added = [];
  for (const [k, index] of indices.entries()) {
    const name = new TextEncoder().encode(names[k]);
    added.push(...writeU32(name.length), ...name, 0x03, ...writeU32(index));
  }
  const body = [...writeU32(count + indices.length)];
  const rest = buf.subarray(pos.i, exportsSection.end);
  const content = new Uint8Array(body.length + rest.length + added.length);
  content.set(body, 0);
  content.set(rest, body.length);
  content.set(added, body.length + rest.length);
  const header = [7, ...writeU32(content.length)];
  const out = new Uint8Array(
    buf.length - (exportsSection.end - exportsSection.headerStart) + header.length + content.length,
  );
  out.set(buf.subarray(0, exportsSection.headerStart), 0);
  let at = exportsSection.headerStart;
  out.set(header, at);
  at += header.length;
  out.set(content, at);
  at += content.length;
  out.set(buf.subarray(exportsSection.end), at);
  return { bytes: out, names };
}
