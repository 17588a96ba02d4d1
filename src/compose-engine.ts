import { CallPlanner, type CallPlanSources, type KnowledgeSource } from './calls/call-plan.ts';
import { type ProviderSource, trackedVad } from './calls/call-providers.ts';
import { CallRunner, type CarrierLegs } from './calls/call-runner.ts';
import { guardedFetch } from './calls/guarded-fetch.ts';
import type { composeActions } from './compose-actions.ts';
import type { Config } from './config/config.ts';
import type { AgentService } from './domain/agent/agent-service.ts';
import type { CallLifecycle } from './domain/call/call-lifecycle.ts';
import type { IntegrationService } from './domain/integration/integration-service.ts';
import type { LlmModelService } from './domain/llm-model/llm-model-service.ts';
import type { ToolService } from './domain/tool/tool-service.ts';
import type { VoiceLookup } from './domain/voice/voice.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { Clock } from './lib/clock.ts';
import type { Logger } from './lib/logger.ts';
import { untracked, type WorkTracker } from './lib/virtual-clock.ts';
import type { HttpFetch } from './pipeline/tools/tool-runner.ts';
import { SileroVadModel } from './pipeline/vad/silero-model.ts';
import type { VadModel } from './pipeline/vad/vad-model.ts';
import { ProviderRegistry } from './providers/registry.ts';
import type { RecordingStore } from './providers/storage/recording-store.ts';
import { recordingStore } from './providers/storage/recording-stores.ts';
import { SimCarrier } from './providers/telephony/sim/sim-carrier.ts';
import type { Tts } from './providers/tts/tts.ts';
import { PgCallProgressRepo } from './store/call-progress-repo.ts';
import { PgCallRepo } from './store/calls-repo.ts';
import type { Db } from './store/db.ts';
import { PgWorkspaceCredentials } from './store/workspace-credentials-repo.ts';

/** What the call engine needs from outside the store: the VAD, provider adapters, recordings. */
export interface EngineInput {
  /** Shared by every call (Silero on onnxruntime in production). */
  vad: VadModel;
  /** Provider adapters by name: the ProviderRegistry, or test doubles. */
  providers: ProviderSource;
  recordings: RecordingStore;
  /** The calls' time base (a VirtualClock in scenario tests); default: the core clock. */
  clock?: Clock;
  /** Real work that `clock` must wait for (`VirtualClock.hold`); default: none. */
  track?: WorkTracker;
  /** For api_call tools; default: fetch with the SSRF guard. */
  fetch?: HttpFetch;
  /** The sim party's voice; default: the offline flite voice from `providers`. */
  simVoice?: Tts;
}

export interface EngineWiring {
  config: Config;
  db: Db;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  agents: AgentService;
  models: LlmModelService;
  tools: ToolService;
  voices: VoiceLookup;
  integrations: IntegrationService;
  knowledge: KnowledgeSource | undefined;
  /** The post-call side (webhooks, slots, `call.finalize`); default: only enqueue `call.finalize`. */
  lifecycle?: CallLifecycle | undefined;
  engine: EngineInput;
  /** Legs of the other carriers and of web calls (`twilio`, `telnyx`, `web`: compose-transports.ts). */
  carriers?: CarrierLegs | undefined;
  /** The action tools (send_sms, send_email, schedule_calendar_event): compose-actions.ts. */
  actions?: Pick<ReturnType<typeof composeActions>, 'actionExecutorsFor'> | undefined;
}

/** Until the post-call lifecycle is wired, an ended call still gets its `call.finalize` job. */
function finalizeOnly(queue: JobQueue): CallLifecycle {
  return {
    connected: async () => {},
    message: async () => {},
    ended: async (orgId, callId) => {
      await queue.send('call.finalize', { orgId, callId }, { singletonKey: `call:${callId}` });
    },
  };
}

/**
 * The engine's inputs for a real server: Silero VAD (from the npm package), the provider registry
 * over the platform config (keys, base URLs), recordings in the data dir or the S3 bucket; flite workers warmed so
 * the first greeting is not late. `close` releases them on shutdown.
 */
export async function serverEngine(
  config: Config,
  clock: Clock,
): Promise<EngineInput & { close(): Promise<void> }> {
  const vad = await SileroVadModel.load();
  const registry = new ProviderRegistry({ providers: config.providers, clock });
  await registry.warmOfflineVoice();
  return {
    vad,
    providers: registry,
    recordings: recordingStore(config, clock),
    close: async () => {
      await registry.close();
      await vad.close();
    },
  };
}

/** Build the call engine (the real CallLauncher) and the sim carrier. */
export async function composeEngine(w: EngineWiring) {
  const { engine, db } = w;
  const clock = engine.clock ?? w.clock;
  const track = engine.track ?? untracked;
  const sim = new SimCarrier({
    clock,
    tts: engine.simVoice ?? engine.providers.tts({ provider: 'flite' }),
    track,
  });
  const credentials = new PgWorkspaceCredentials(db, (org, id) => w.integrations.resolve(org, id));
  const sources: CallPlanSources = {
    agent: (org, id) => w.agents.getAgent(org, id),
    model: (org, id) => w.models.get(org, id),
    tool: (org, id) => w.tools.get(org, id),
    voice: (org, id) => w.voices.find(org, id),
    credential: (org, id) => w.integrations.resolve(org, id),
    workspaceCredential: (org, provider) => credentials.find(org, provider),
    knowledge: w.knowledge,
  };
  const calls = new PgCallRepo(db);
  const runner = new CallRunner({
    calls,
    progress: new PgCallProgressRepo(db),
    planner: new CallPlanner(sources),
    providers: engine.providers,
    vad: trackedVad(engine.vad, track),
    clock,
    track,
    fetch: engine.fetch ?? guardedFetch(w.config.security.allowPrivateUrls),
    logger: w.logger,
    carriers: { sim: (call, opts) => sim.leg(call.id, opts), ...w.carriers },
    recordings: engine.recordings,
    lifecycle: w.lifecycle ?? finalizeOnly(w.queue),
    toolExecutors: w.actions
      ? (call, variables) => w.actions!.actionExecutorsFor(call, variables, { clock, track })
      : undefined,
  });
  return { runner, sim, recordings: engine.recordings };
}
