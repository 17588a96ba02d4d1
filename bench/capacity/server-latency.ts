import { api } from '../lib/parley-server.ts';
import { type Summary, summarize } from '../lib/stats.ts';

/** Per-turn latency the server recorded for every call of a run (`latency.events` of each call). */
export interface ServerLatency {
  calls: number;
  /** Caller's end of speech (Parley's VAD) → turn committed: endpointing plus waiting for the final. */
  eou_delay_ms: Summary;
  /** Turn committed → first LLM token. */
  llm_ttft_ms: Summary;
  /** First sentence sent to TTS → its first audio. */
  tts_ttfb_ms: Summary;
  /** Caller's end of speech (Parley's VAD) → first agent audio handed to the transport. */
  e2e_ms: Summary;
  /** Per call (`latency.connect`): the call's run started → its media stream started (the plan, the TwiML's trip, the stream opening). */
  dispatch_to_answer_ms: Summary;
  /** Per call: media stream started → engine active (the call marked in progress, `call.started`, the pipeline started). */
  answer_to_active_ms: Summary;
}

interface CallPage {
  items: {
    status: string;
    created_at: string;
    latency?: {
      events?: { turn: number; type: string; ms: number }[];
      connect?: { dispatch_to_answer_ms: number | null; answer_to_active_ms: number | null };
    } | null;
  }[];
  next_cursor: string | null;
  has_more: boolean;
}

const wanted = ['eou_delay', 'llm_ttft', 'tts_ttfb', 'e2e'] as const;

/**
 * Read back every call's latency events once all `expected` calls have ended and their post-call
 * data is stored (decisions §4: within 3 s); turn 0 (the greeting) is left out.
 */
export async function serverLatency(
  base: string,
  key: string,
  expected: number,
  /** Only calls created at or after this instant (earlier runs share the store). */
  since: Date,
  timeoutMs = 30_000,
): Promise<ServerLatency> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const items: CallPage['items'] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page: CallPage = await api<CallPage>(base, key, 'GET', `/v1/calls/cursor?limit=100${q}`);
      items.push(...page.items);
      // Newest first: once a page reaches calls older than the run, the rest are older too.
      const older = page.items.some((c) => new Date(c.created_at) < since);
      cursor = page.has_more && !older ? page.next_cursor : null;
    } while (cursor);
    const done = items.filter(
      (c) => new Date(c.created_at) >= since && c.status !== 'in_progress' && c.latency?.events,
    );
    if (done.length >= expected || Date.now() > deadline) {
      const by = new Map<string, number[]>(wanted.map((w) => [w, []]));
      for (const c of done) {
        for (const e of c.latency!.events!) if (e.turn > 0) by.get(e.type)?.push(e.ms);
      }
      const connect = (k: 'dispatch_to_answer_ms' | 'answer_to_active_ms') =>
        summarize(done.flatMap((c) => c.latency?.connect?.[k] ?? []));
      return {
        calls: done.length,
        eou_delay_ms: summarize(by.get('eou_delay')!),
        llm_ttft_ms: summarize(by.get('llm_ttft')!),
        tts_ttfb_ms: summarize(by.get('tts_ttfb')!),
        e2e_ms: summarize(by.get('e2e')!),
        dispatch_to_answer_ms: connect('dispatch_to_answer_ms'),
        answer_to_active_ms: connect('answer_to_active_ms'),
      };
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
