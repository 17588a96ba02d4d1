/** What the server's heap probe writes (`bench/lib/heap-probe.mjs`), in MB, after a full collection. */
export interface HeapReading {
  heap_used_mb: number;
  heap_total_mb: number;
  external_mb: number;
  array_buffers_mb: number;
  /** The worker threads that answered (PGlite's, the VAD's), their heaps summed. */
  workers: number;
  workers_heap_used_mb: number;
  workers_heap_total_mb: number;
  workers_external_mb: number;
}

/** One soak reading of the server: RSS, the live heaps and external memory of its threads, descriptors. */
export interface SoakSample {
  calls: number;
  rss_mb: number;
  /** Absent in soaks before the heap probe. */
  heap_mb?: number;
  external_mb?: number;
  /** Absent before stop 31's second soak: its worker threads' live heaps, summed. */
  workers_heap_mb?: number;
  workers_external_mb?: number;
  fds: number;
}

/** The reading taken once the load was over: the last one, at the same call count as the one before it. */
export function afterLoad<T extends { calls: number }>(samples: readonly T[]): T | undefined {
  const n = samples.length;
  return n > 1 && samples[n - 1]!.calls === samples[n - 2]!.calls ? samples[n - 1] : undefined;
}

/**
 * The samples taken under load after its first 10 % of calls (one-time allocations settled), x in
 * thousands of calls; the idle server's reading after the load says nothing of growth per call.
 */
export function settled<T extends { calls: number }>(samples: readonly T[]) {
  const during = afterLoad(samples) ? samples.slice(0, -1) : samples;
  const tail = during.slice(Math.ceil(during.length / 10));
  return { tail, x: tail.map((s) => s.calls / 1000) };
}
