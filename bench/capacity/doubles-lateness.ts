import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DoubleWait, observedPause } from '../../src/providers/testing/http-double.ts';
import { median, round, type Summary, summarize } from '../lib/stats.ts';
import { reference } from '../scenario/reference.ts';

/**
 * How late the doubles' timers woke past their configured latencies, ms: the LLM's first token and
 * the waits for the STT final and the TTS first audio. Each is provider time the bench assumes is
 * exact, so whatever they run late is counted as Parley's overhead.
 */
export interface DoublesLateness {
  first_token_ms: Summary;
  final_and_first_audio_ms: Summary;
  /** TCP connections the LLM and TTS doubles accepted in the window (absent from earlier results). */
  connections?: VendorConnections;
}

export interface VendorConnections {
  llm: number;
  tts: number;
}

type LatenessKey = 'first_token_ms' | 'final_and_first_audio_ms';

/** The p50 and p99 of each, medians over a step's runs; and the connections opened per call. */
export type DoublesLatenessPoint = Record<LatenessKey, { p50: number; p99: number }> & {
  connections_per_call?: VendorConnections;
};

/**
 * In the doubles' process: a `wait` for the doubles that times every first-byte wait, and a server
 * answering `GET /` with what was seen since the last read (which starts the next window), so a
 * load-peer run reads just its own calls.
 */
export async function serveDoublesLateness(): Promise<{
  wait: DoubleWait;
  url: string;
  /** Where the LLM and TTS doubles' accepted-connection counts are read (set once they run). */
  countConnections(read: () => VendorConnections): void;
  close(): Promise<void>;
}> {
  let token: number[] = [];
  let audio: number[] = [];
  let readConnections: (() => VendorConnections) | undefined;
  let connectionsBefore: VendorConnections = { llm: 0, tts: 0 };
  const wait = observedPause((nominal, late) => {
    if (nominal === reference.llmTtftMs) token.push(late);
    else if (nominal === reference.ttsFirstFrameMs || nominal === reference.sttFinalMs) audio.push(late);
  });
  const server = http.createServer((_req, res) => {
    const out: DoublesLateness = {
      first_token_ms: summarize(token),
      final_and_first_audio_ms: summarize(audio),
    };
    if (readConnections) {
      const now = readConnections();
      out.connections = { llm: now.llm - connectionsBefore.llm, tts: now.tts - connectionsBefore.tts };
      connectionsBefore = now;
    }
    token = [];
    audio = [];
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(out));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    wait,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    countConnections: (read) => {
      readConnections = read;
      connectionsBefore = read();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Read (and restart) the doubles' window. */
export async function readDoublesLateness(url: string): Promise<DoublesLateness> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`doubles' lateness answered ${res.status}`);
  return (await res.json()) as DoublesLateness;
}

/** Medians over a step's runs (runs from before the measure carry none). */
export function medianLateness(
  runs: readonly (DoublesLateness | undefined)[],
  calls: number,
): DoublesLatenessPoint | undefined {
  const seen = runs.filter((r): r is DoublesLateness => r !== undefined);
  if (!seen.length) return undefined;
  const of = (k: LatenessKey) => ({
    p50: median(seen.map((r) => r[k].p50)),
    p99: median(seen.map((r) => r[k].p99)),
  });
  const counted = seen.flatMap((r) => (r.connections ? [r.connections] : []));
  const perCall = (k: keyof VendorConnections) => round(median(counted.map((c) => c[k])) / calls, 2);
  return {
    first_token_ms: of('first_token_ms'),
    final_and_first_audio_ms: of('final_and_first_audio_ms'),
    ...(counted.length ? { connections_per_call: { llm: perCall('llm'), tts: perCall('tts') } } : {}),
  };
}
