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

/** The soak samples after the first 10 % of calls (one-time allocations settled), x in thousands of calls. */
export function settled<T extends { calls: number }>(samples: readonly T[]) {
  const tail = samples.slice(Math.ceil(samples.length / 10));
  return { tail, x: tail.map((s) => s.calls / 1000) };
}
