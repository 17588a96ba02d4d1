import { untracked, type WorkTracker } from '../lib/virtual-clock.ts';
import type { CallProviders } from '../pipeline/call-pipeline.ts';
import type { VadModel } from '../pipeline/vad/vad-model.ts';
import { ProviderError } from '../providers/errors.ts';
import type { Llm, LlmRequest } from '../providers/llm/llm.ts';
import type { ProviderSelection } from '../providers/registry.ts';
import type { Stt } from '../providers/stt/stt.ts';
import type { Tts, TtsRequest } from '../providers/tts/tts.ts';
import { type CallPlan, CallSetupError } from './call-plan.ts';

/** Builds provider adapters by name (the ProviderRegistry, or test doubles). */
export interface ProviderSource {
  llm(sel: ProviderSelection): Llm;
  stt(sel: ProviderSelection): Stt;
  tts(sel: ProviderSelection): Tts;
}

/** Pull an async iterable through `track`, so a virtual clock waits for each real step. */
async function* trackedIteration<T>(source: AsyncIterable<T>, track: WorkTracker): AsyncIterable<T> {
  const it = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      const r = await track(it.next());
      if (r.done) return;
      yield r.value;
    }
  } finally {
    await it.return?.();
  }
}

/**
 * A ProviderSource whose adapters do real work (network, worker threads) that `track` is told
 * about; on the system clock `track` is the identity and this changes nothing.
 */
export function trackedProviders(source: ProviderSource, track: WorkTracker): ProviderSource {
  return {
    llm: (sel) => {
      const llm = source.llm(sel);
      return {
        provider: llm.provider,
        capabilities: llm.capabilities,
        chat: (req: LlmRequest, signal: AbortSignal) => trackedIteration(llm.chat(req, signal), track),
      };
    },
    stt: (sel) => source.stt(sel),
    tts: (sel) => {
      const tts = source.tts(sel);
      return {
        provider: tts.provider,
        capabilities: tts.capabilities,
        synthesize: (req: TtsRequest, signal: AbortSignal) =>
          trackedIteration(tts.synthesize(req, signal), track),
      };
    },
  };
}

/** The VAD with each inference reported to `track` (it runs on onnxruntime's threads); real time needs no wrapper. */
export function trackedVad(model: VadModel, track: WorkTracker): VadModel {
  if (track === untracked) return model;
  return {
    name: model.name,
    sampleRates: model.sampleRates,
    createStream: (rate) => {
      const s = model.createStream(rate);
      return {
        windowSamples: s.windowSamples,
        score: (w, to) => {
          let done = () => {};
          void track(new Promise<void>((r) => (done = r)));
          try {
            s.score(w, {
              scored: (p) => {
                done();
                to.scored(p);
              },
              failed: (e) => {
                done();
                to.failed(e);
              },
            });
          } catch (e) {
            done();
            throw e;
          }
        },
        reset: () => s.reset(),
      };
    },
  };
}

/**
 * The providers of one call. On sim calls `stt` is the script STT. A provider that cannot be
 * built (no key, unsupported) is a `provider_error` naming what to set.
 */
export function callProviders(plan: CallPlan, source: ProviderSource, stt?: Stt): CallProviders {
  const build = <T>(what: string, fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      const msg = e instanceof ProviderError || e instanceof Error ? e.message : String(e);
      throw new CallSetupError(`${what} provider unavailable: ${msg}`, 'provider_error');
    }
  };
  return {
    llm: [build('LLM', () => source.llm(plan.llm))],
    stt: [stt ?? build('Speech-to-text', () => source.stt(plan.stt))],
    tts: [build('Text-to-speech', () => source.tts(plan.tts))],
  };
}
