import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Llm } from '../../providers/llm/llm.ts';
import type { CallRecord } from '../call/call.ts';
import { type CallAnalysis, type OutcomeChoice, outcomeFromFacts } from './call-analysis.ts';
import { analysisRequest, analyzeWithLlm } from './llm-analyzer.ts';
import { classifyOffline } from './offline-classifier.ts';

/** The LLM a call's analysis runs on, or why there is none (then the offline classifier runs). */
export type AnalysisLlm = { llm: Llm; model: string } | { unavailable: string };

export interface CallAnalyzerDeps {
  clock: Clock;
  logger: Logger;
  /** Time the LLM gets before the offline classifier answers instead (post-call must finish within 3 s). */
  budgetMs: number;
}

/**
 * Post-call analysis: call facts decide voicemail / not connected / cancelled; a conversation goes
 * to the agent's LLM (structured, validated); with no LLM, or when it fails, is too slow or answers
 * badly, the offline keyword classifier decides and says why in `analysis.note`.
 */
export class CallAnalyzer {
  constructor(private readonly d: CallAnalyzerDeps) {}

  async analyze(
    call: CallRecord,
    choices: readonly OutcomeChoice[],
    source: AnalysisLlm,
  ): Promise<CallAnalysis> {
    const facts = outcomeFromFacts(call);
    if (facts) return facts;
    if ('unavailable' in source) return classifyOffline(call, choices, source.unavailable);
    try {
      return await this.withBudget((signal) =>
        analyzeWithLlm(source.llm, analysisRequest(call, choices, source.model), choices, signal),
      );
    } catch (e) {
      const why = (e as Error).message;
      this.d.logger.warn(
        { callId: call.id, err: why },
        'LLM call analysis failed; using the offline classifier',
      );
      return classifyOffline(
        call,
        choices,
        `LLM analysis with ${source.llm.provider}/${source.model} failed: ${why}`,
      );
    }
  }

  /** Run `fn`, aborting it and failing after the budget even if the provider ignores the abort. */
  private async withBudget<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const ac = new AbortController();
    let timer: ReturnType<Clock['setTimeout']> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = this.d.clock.setTimeout(() => {
        ac.abort();
        reject(new Error(`no answer within ${this.d.budgetMs} ms`));
      }, this.d.budgetMs);
    });
    try {
      return await Promise.race([fn(ac.signal), timeout]);
    } finally {
      if (timer !== undefined) this.d.clock.clearTimeout(timer);
    }
  }
}
