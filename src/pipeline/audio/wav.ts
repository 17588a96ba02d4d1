/** A PCM16 WAV file from one or more equal-rate channels (interleaved; shorter channels padded with silence). */
export function encodeWav(channels: readonly Int16Array[], sampleRate: number): Uint8Array {
  const n = channels.length;
  if (n === 0) throw new Error('encodeWav needs at least one channel');
  const frames = Math.max(...channels.map((c) => c.length));
  const dataBytes = frames * n * 2;
  const buf = new ArrayBuffer(44 + dataBytes);
  const v = new DataView(buf);
  const ascii = (off: number, s: string) => {
    for (let i = 0; i < s.length; i++) v.setUint8(off + i, s.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  v.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, n, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * n * 2, true);
  v.setUint16(32, n * 2, true);
  v.setUint16(34, 16, true);
  ascii(36, 'data');
  v.setUint32(40, dataBytes, true);
  const out = new Int16Array(buf, 44, frames * n);
  for (let c = 0; c < n; c++) {
    const ch = channels[c]!;
    for (let i = 0; i < ch.length; i++) out[i * n + c] = ch[i]!;
  }
  return new Uint8Array(buf);
}

/** Channels and rate of a PCM16 WAV made by `encodeWav` (or any canonical 44-byte-header PCM16 file). */
export function decodeWav(bytes: Uint8Array): { sampleRate: number; channels: Int16Array[] } {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (off: number) => String.fromCharCode(...bytes.subarray(off, off + 4));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a WAV file');
  let off = 12;
  let sampleRate = 0;
  let n = 0;
  while (off + 8 <= bytes.length) {
    const id = tag(off);
    const size = v.getUint32(off + 4, true);
    if (id === 'fmt ') {
      if (v.getUint16(off + 8, true) !== 1 || v.getUint16(off + 22, true) !== 16)
        throw new Error('not PCM16');
      n = v.getUint16(off + 10, true);
      sampleRate = v.getUint32(off + 12, true);
    } else if (id === 'data') {
      const frames = Math.floor(Math.min(size, bytes.length - off - 8) / (2 * n));
      const channels = Array.from({ length: n }, () => new Int16Array(frames));
      for (let i = 0; i < frames; i++)
        for (let c = 0; c < n; c++) channels[c]![i] = v.getInt16(off + 8 + (i * n + c) * 2, true);
      return { sampleRate, channels };
    }
    off += 8 + size + (size & 1);
  }
  throw new Error('WAV file has no data chunk');
}
