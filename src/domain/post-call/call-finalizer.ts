import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import type { CallRecord } from '../call/call.ts';
import { isTerminal } from '../call/call-status.ts';
import { creditsFor } from '../call/call-view.ts';
import type { CallAnalysis, OutcomeChoice } from './call-analysis.ts';
import type { AnalysisLlm, CallAnalyzer } from './call-analyzer.ts';
import { type CostLine, callCost } from './call-cost.ts';
import { recordedUsage } from './call-usage.ts';
import type { PriceTable } from './price-table.ts';
import { type CallProfile, estimateUsage } from './usage-estimate.ts';

/** What post-call writes onto the call, once. */
export interface Finalization {
  /** Stored in `analysis` (merged; a manual outcome stays) and mirrored to `outcome`/`ai_summary`. */
  analysis: CallAnalysis & {
    extracted_data: Record<string, unknown>;
    outcome_source: 'auto';
    analyzed_at: string;
  };
  credits_used: number;
  cost_cents: number | null;
  cost_breakdown: CostLine[];
  finalized_at: Date;
}

export interface PostCallRepo {
  get(orgId: string, id: string): Promise<CallRecord | undefined>;
  /** Write the finalisation unless the call was already finalised (then false). A manual outcome is kept. */
  save(orgId: string, id: string, f: Finalization): Promise<boolean>;
}

/** The providers a call ran on and the LLM to analyse it with; undefined when its agent is gone. */
export interface CallProfileSource {
  forCall(call: CallRecord): Promise<{ profile: CallProfile; llm: AnalysisLlm } | undefined>;
}

export interface CallFinalizerDeps {
  repo: PostCallRepo;
  profiles: CallProfileSource;
  /** Built-in outcomes plus the workspace's active custom ones, with labels and descriptions. */
  outcomes: (orgId: string) => Promise<OutcomeChoice[]>;
  analyzer: CallAnalyzer;
  prices: PriceTable;
  countTokens: (text: string) => number;
  /** Emits the post-call events (terminal, analyzed, transcript.final, recording). */
  events: { afterCall(call: CallRecord): Promise<void> };
  /** Frees the call's concurrency slot and starts the next waiting call (idempotent). */
  freeSlot: (orgId: string, callId: string) => Promise<void>;
  /** Transport name priced for web calls: `web` (built-in WebSocket) or `livekit`. */
  webTransport: string;
  clock: Clock;
  logger: Logger;
}

const unknownProfile: CallProfile = {
  llm: { provider: 'unknown', model: 'unknown', credentialId: null },
  stt: { provider: 'unknown', model: null },
  tts: { provider: 'unknown', model: null },
  systemPrompt: '',
};

/**
 * The `call.finalize` job (idempotent): free the slot, then once per call analyse it, price it and
 * store both; then (again safely on every run) emit its post-call webhooks.
 */
export class CallFinalizer {
  constructor(private readonly d: CallFinalizerDeps) {}

  async finalize(orgId: string, callId: string): Promise<void> {
    const { repo } = this.d;
    let call = await repo.get(orgId, callId);
    if (!call || !isTerminal(call.status)) return;
    await this.d.freeSlot(orgId, callId);
    if (!call.finalized_at) {
      await repo.save(orgId, callId, await this.finalization(call));
      call = (await repo.get(orgId, callId)) ?? call;
    }
    await this.d.events.afterCall(call);
  }

  private async finalization(call: CallRecord): Promise<Finalization> {
    const now = this.d.clock.now();
    const [resolved, choices] = await Promise.all([
      this.d.profiles.forCall(call),
      this.d.outcomes(call.org_id),
    ]);
    const llm: AnalysisLlm = resolved?.llm ?? {
      unavailable: `The call's agent ${call.agent_id} no longer exists.`,
    };
    const analysis = await this.d.analyzer.analyze(call, choices, llm);
    const usage =
      recordedUsage(call.usage) ??
      estimateUsage(call, resolved?.profile ?? unknownProfile, this.d.countTokens);
    const transport = call.carrier ?? this.d.webTransport;
    const cost = callCost(this.d.prices, { durationSeconds: call.duration_seconds, transport, usage });
    const extracted = call.analysis.extracted_data;
    return {
      analysis: {
        ...analysis,
        extracted_data:
          extracted && typeof extracted === 'object' ? (extracted as Record<string, unknown>) : {},
        outcome_source: 'auto',
        analyzed_at: new Date(now).toISOString(),
      },
      credits_used: creditsFor(call.duration_seconds),
      cost_cents: cost.cost_cents,
      cost_breakdown: cost.cost_breakdown,
      finalized_at: new Date(now),
    };
  }
}
