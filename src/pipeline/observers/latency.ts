import type { Frame, MetricName } from '../frames.ts';
import type { FrameObserver } from '../processor.ts';

/** Aggregate of one latency component (decisions §4); all null when there were no samples. */
export interface LatencyStat {
  avg_ms: number | null;
  p50_ms: number | null;
  p90_ms: number | null;
  p99_ms: number | null;
  min_ms: number | null;
  max_ms: number | null;
  samples: number;
  provider: string | null;
}

/** Setup timings of the call, ms. */
export interface ConnectLatency {
  setup_ms: number | null;
  dispatch_to_answer_ms: number | null;
  answer_to_active_ms: number | null;
  active_to_greeting_ms: number | null;
}

export interface CallLatency {
  stt: LatencyStat;
  llm_ttft: LatencyStat;
  tts_ttfb: LatencyStat;
  eou_delay: LatencyStat;
  e2e: LatencyStat;
  events: { turn: number; type: MetricName; ms: number }[];
  connect: ConnectLatency;
}

const components = ['stt', 'llm_ttft', 'tts_ttfb', 'eou_delay', 'e2e'] as const;

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (v: number) => Math.round(v * 10) / 10;

export function latencyStat(values: readonly number[], providers: ReadonlySet<string>): LatencyStat {
  const provider = providers.size ? [...providers].join(',') : null;
  if (values.length === 0)
    return {
      avg_ms: null,
      p50_ms: null,
      p90_ms: null,
      p99_ms: null,
      min_ms: null,
      max_ms: null,
      samples: 0,
      provider,
    };
  const s = [...values].sort((a, b) => a - b);
  return {
    avg_ms: round(s.reduce((a, b) => a + b, 0) / s.length),
    p50_ms: round(percentile(s, 50)),
    p90_ms: round(percentile(s, 90)),
    p99_ms: round(percentile(s, 99)),
    min_ms: round(s[0]!),
    max_ms: round(s[s.length - 1]!),
    samples: s.length,
    provider,
  };
}

/**
 * Collects per-turn latency samples (metric frames from the stages) and measures e2e itself:
 * caller's end of speech (from the user turn) → first agent audio frame handed to the transport.
 * Turn 0 is everything before the caller's first turn (the greeting).
 */
export class LatencyObserver implements FrameObserver {
  private turn = 0;
  private readonly values = new Map<string, { v: number[]; providers: Set<string> }>();
  private readonly events: CallLatency['events'] = [];
  private pendingSpeechEnd = -1;
  private connect: ConnectLatency = {
    setup_ms: null,
    dispatch_to_answer_ms: null,
    answer_to_active_ms: null,
    active_to_greeting_ms: null,
  };

  constructor(private readonly e2eProvider = 'parley') {}

  onFrame(frame: Frame): void {
    switch (frame.type) {
      case 'user.turn':
        this.turn++;
        this.pendingSpeechEnd = frame.noReply ? -1 : frame.speechEndMs;
        break;
      case 'metric':
        this.add(frame.name, frame.ms, frame.provider);
        break;
      case 'agent.started_speaking':
        if (frame.speech.source === 'reply' && this.pendingSpeechEnd >= 0) {
          this.add('e2e', frame.atMs - this.pendingSpeechEnd, this.e2eProvider);
          this.pendingSpeechEnd = -1;
        }
        break;
      default:
        break;
    }
  }

  setConnect(c: Partial<ConnectLatency>): void {
    this.connect = { ...this.connect, ...c };
  }

  /** Samples of one component so far (for benches and tests). */
  samples(name: MetricName): readonly number[] {
    return this.values.get(name)?.v ?? [];
  }

  result(): CallLatency {
    const stat = (name: string) => {
      const e = this.values.get(name);
      return latencyStat(e?.v ?? [], e?.providers ?? new Set());
    };
    const out = Object.fromEntries(components.map((c) => [c, stat(c)])) as Pick<
      CallLatency,
      (typeof components)[number]
    >;
    return { ...out, events: [...this.events], connect: { ...this.connect } };
  }

  private add(name: MetricName, ms: number, provider: string): void {
    const v = Math.max(0, ms);
    let e = this.values.get(name);
    if (!e) {
      e = { v: [], providers: new Set() };
      this.values.set(name, e);
    }
    e.v.push(v);
    e.providers.add(provider);
    this.events.push({ turn: this.turn, type: name, ms: round(v) });
  }
}
