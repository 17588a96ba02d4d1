/** Per-channel peak envelopes of a recording, for drawing its waveform. */
export interface Peaks {
  channels: Float32Array[];
  durationMs: number;
  /** The same bytes as a blob: URL, so the player can seek even when the server ignores Range requests. */
  blobUrl: string;
}

/** Decode the WAV (no user gesture needed for an OfflineAudioContext) and take `buckets` peaks per channel. */
export async function loadPeaks(url: string, buckets: number, signal: AbortSignal): Promise<Peaks> {
  const res = await fetch(url, { signal });
  if (!res.ok) throw new Error(`The recording could not be loaded (HTTP ${res.status}).`);
  const bytes = await res.arrayBuffer();
  const blobUrl = URL.createObjectURL(
    new Blob([bytes], { type: res.headers.get('content-type') ?? 'audio/wav' }),
  );
  const ctx = new OfflineAudioContext(1, 1, 8000);
  const audio = await ctx.decodeAudioData(bytes.slice(0)).catch((e: Error) => {
    URL.revokeObjectURL(blobUrl);
    throw e;
  });
  const channels: Float32Array[] = [];
  for (let c = 0; c < Math.min(2, audio.numberOfChannels); c++) {
    const data = audio.getChannelData(c);
    const out = new Float32Array(buckets);
    const step = data.length / buckets;
    for (let b = 0; b < buckets; b++) {
      let peak = 0;
      const end = Math.min(data.length, Math.floor((b + 1) * step));
      for (let i = Math.floor(b * step); i < end; i++) {
        const v = Math.abs(data[i]!);
        if (v > peak) peak = v;
      }
      out[b] = peak;
    }
    channels.push(out);
  }
  return { channels, durationMs: audio.duration * 1000, blobUrl };
}

/** An SVG path of mirrored bars for one channel in a 0..width × 0..height box. */
export function barsPath(peaks: Float32Array, height: number): string {
  const mid = height / 2;
  let max = 0;
  for (const p of peaks) if (p > max) max = p;
  const scale = max > 0 ? (mid * 0.95) / max : 0;
  let d = '';
  peaks.forEach((p, x) => {
    const h = Math.max(0.5, p * scale);
    d += `M${x + 0.5} ${(mid - h).toFixed(1)}V${(mid + h).toFixed(1)}`;
  });
  return d;
}
