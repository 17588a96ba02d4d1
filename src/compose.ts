import type { ApiDeps } from './api/app.ts';
import { type NodeIdentity, nodeIdentity } from './cluster/node-identity.ts';
import { composeAccount } from './compose-account.ts';
import { composeActions } from './compose-actions.ts';
import { composeCalls } from './compose-calls.ts';
import { composeCluster } from './compose-cluster.ts';
import { composeEngine, type EngineInput } from './compose-engine.ts';
import { composeKnowledge } from './compose-knowledge.ts';
import { composePhoneNumbers } from './compose-phone-numbers.ts';
import { composePostCall } from './compose-post-call.ts';
import { composeTransports } from './compose-transports.ts';
import type { Config } from './config/config.ts';
import { AgentService } from './domain/agent/agent-service.ts';
import { type CallLauncher, idleCallLauncher } from './domain/call/call-launcher.ts';
import { InboundCallService } from './domain/call/inbound-call-service.ts';
import { signRecordingUrl } from './domain/call/recording-url.ts';
import { IntegrationService } from './domain/integration/integration-service.ts';
import { LlmModelService } from './domain/llm-model/llm-model-service.ts';
import { type PlatformDefaults, platformDefaults } from './domain/platform-defaults.ts';
import { ToolService } from './domain/tool/tool-service.ts';
import { platformVoices } from './domain/voice/catalogue.ts';
import { VoicePreviews } from './domain/voice/voice-preview.ts';
import { VoiceService } from './domain/voice/voice-service.ts';
import { CachedWebhookRepo } from './domain/webhook/cached-webhook-repo.ts';
import { CallDeliveryLog } from './domain/webhook/call-delivery-log.ts';
import { WebhookDeliverer } from './domain/webhook/webhook-deliverer.ts';
import { WebhookService } from './domain/webhook/webhook-service.ts';
import { WorkspaceService } from './domain/workspace/workspace-service.ts';
import { WorkspaceSettings } from './domain/workspace/workspace-settings.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { Clock } from './lib/clock.ts';
import type { Logger } from './lib/logger.ts';
import type { SecretBox } from './lib/secret-box.ts';
import type { RecordingStore } from './providers/storage/recording-store.ts';
import { recordingStore } from './providers/storage/recording-stores.ts';
import { fliteWav } from './providers/tts/flite/flite-preview.ts';
import { HttpWebhookSender } from './providers/webhook/http-webhook-sender.ts';
import { PgAgentRepo } from './store/agents-repo.ts';
import { PgAuditRepo } from './store/audit-repo.ts';
import { PgCallProgressRepo } from './store/call-progress-repo.ts';
import { PgCallRepo } from './store/calls-repo.ts';
import type { Store } from './store/db.ts';
import { PgIntegrationRepo } from './store/integrations-repo.ts';
import { PgLlmModelRepo } from './store/llm-models-repo.ts';
import { PgReferenceLookup } from './store/references-repo.ts';
import { PgToolRepo } from './store/tools-repo.ts';
import { PgVoiceLookup, PgVoiceRepo, seedPlatformVoices } from './store/voices-repo.ts';
import { PgWebhookDeliveryRepo } from './store/webhook-deliveries-repo.ts';
import { PgWebhookRepo } from './store/webhooks-repo.ts';
import { PgWorkspaceRepo } from './store/workspaces-repo.ts';

/** What the composition root hands to `compose`; tests pass fakes for any of them. */
export interface CoreInput {
  config: Config;
  store: Store;
  queue: JobQueue;
  logger: Logger;
  clock: Clock;
  secrets: SecretBox;
  version: string;
  defaults?: PlatformDefaults;
  /** A launcher to use instead of the call engine (tests); absent = the engine when `engine` is given. */
  callLauncher?: CallLauncher;
  /** The call engine's VAD, providers and recordings; absent = calls stay as created. */
  engine?: EngineInput;
  /** This process among the nodes sharing the store (default: from PARLEY_NODE_ID). */
  node?: NodeIdentity;
  /** Call recordings (default: files in the data dir). */
  recordings?: RecordingStore;
}

/** Build repos and services over a store; shared by main.ts and the test harness so both wire the same graph. */
export async function compose(input: CoreInput) {
  const { config, store, clock } = input;
  const db = store.db;
  await seedPlatformVoices(db, platformVoices);
  const defaults =
    input.defaults ??
    platformDefaults({
      openai: !!config.providers.openai.apiKey,
      deepgram: !!config.providers.deepgram.apiKey,
    });
  const refs = new PgReferenceLookup(db);
  const workspaces = new WorkspaceService(new PgWorkspaceRepo(db), clock);
  const models = new LlmModelService(new PgLlmModelRepo(db), refs, defaults);
  const agents = new AgentService(new PgAgentRepo(db), models, new PgVoiceLookup(db), refs, defaults);
  const auditRepo = new PgAuditRepo(db);
  const integrations = new IntegrationService(new PgIntegrationRepo(db), input.secrets);
  const knowledge = await composeKnowledge(input);
  const tools = new ToolService(new PgToolRepo(db), integrations);
  const voicePreviews = new VoicePreviews({
    speaker: fliteWav(input.engine?.providers.tts({ provider: 'flite' })),
    publicUrl: config.http.publicUrl,
    catalogue: platformVoices,
  });
  const voices = new VoiceService(new PgVoiceRepo(db), integrations, (id) => voicePreviews.url(id));

  const allowPrivateUrls = config.security.allowPrivateUrls;
  const webhookRepo = new CachedWebhookRepo(new PgWebhookRepo(db, input.secrets), clock);
  const webhookDeliveries = new PgWebhookDeliveryRepo(db);
  const webhookSender = new HttpWebhookSender({
    clock,
    allowPrivateUrls,
    userAgent: `Parley-Webhooks/${input.version}`,
  });
  const webhookDeliverer = new WebhookDeliverer(webhookDeliveries, webhookSender, clock);
  const webhooks = new WebhookService(
    webhookRepo,
    webhookDeliveries,
    webhookDeliverer,
    clock,
    allowPrivateUrls,
  );

  const phoneNumbersApi = composePhoneNumbers({ config, db, refs, integrations, secrets: input.secrets });

  // Phone and web transports; Calls and inbound routing are built below and bound late.
  const transports = composeTransports({
    config,
    db,
    clock,
    logger: input.logger,
    secrets: input.secrets,
    callRepo: new PgCallRepo(db),
    phoneNumbers: phoneNumbersApi.phoneNumberRepo,
    carrierAccounts: phoneNumbersApi.carrierAccounts,
    integrations,
    calls: () => callsApi.calls,
    inboundRouter: () => inboundCalls,
    participantTokens: () => callsApi.participantTokens,
  });

  const node = input.node ?? nodeIdentity(config.nodeId);
  // The store the engine writes recordings to is the one the signed download route reads.
  const recordings = input.recordings ?? input.engine?.recordings ?? recordingStore(config, clock);
  const postCall = await composePostCall({
    ...input,
    db,
    serialStore: input.store.kind === 'pglite',
    node,
    agents,
    models,
    integrations,
    webhookRepo,
    webhookDeliveries,
    webhookDeliverer,
    recordingUrl: (callId) => signRecordingUrl(input.secrets, config.http.publicUrl, callId, clock.now()),
    recordings,
  });

  const actions = composeActions({
    config,
    db,
    clock,
    logger: input.logger,
    integrations,
    carrierAccounts: phoneNumbersApi.carrierAccounts,
    phoneNumberRepo: phoneNumbersApi.phoneNumberRepo,
  });

  const engine = input.engine
    ? await composeEngine({
        ...input,
        db,
        agents,
        models,
        tools,
        voices: new PgVoiceLookup(db),
        integrations,
        actions,
        knowledge: knowledge.retriever,
        lifecycle: postCall.lifecycle,
        engine: input.engine,
        carriers: transports.legs,
      })
    : undefined;

  const cluster = composeCluster({ ...input, node, ...postCall });

  const callsApi = await composeCalls({
    ...input,
    db,
    agents,
    voices: new PgVoiceLookup(db),
    // `stop` must reach whichever process runs the call (decisions §8, docs/deploy.md).
    launcher: cluster.launcher(input.callLauncher ?? engine?.runner ?? idleCallLauncher),
    slots: postCall.slots,
    lifecycle: postCall.lifecycle,
  });

  const progress = new PgCallProgressRepo(db);
  const inboundCalls = new InboundCallService({
    numbers: phoneNumbersApi.phoneNumbers,
    agentExists: async (org, id) => (await refs.missing(org, 'agent', [id])).length === 0,
    hasFreeSlot: (org) => progress.hasFreeSlot(org),
    calls: callsApi.calls,
    clock,
  });

  const account = composeAccount({ db, clock, secrets: input.secrets, workspaces, auditRepo });

  const api: ApiDeps = {
    logger: input.logger,
    version: input.version,
    publicUrl: config.http.publicUrl,
    maxBodyBytes: config.http.maxBodyBytes,
    storeKind: store.kind,
    ping: async () => {
      await store.query('SELECT 1');
    },
    auditRepo,
    workspaces,
    agents,
    models,
    knowledgeBases: knowledge.knowledgeBases,
    calls: callsApi.calls,
    webCalls: callsApi.webCalls,
    integrations,
    tools,
    voices,
    voicePreviews,
    webhooks,
    ...account,
    phoneNumbers: phoneNumbersApi.phoneNumbers,
    recordings: postCall.recordingAccess,
    callDeliveries: new CallDeliveryLog(callsApi.calls, postCall.outboxRepo),
    workspaceSettings: new WorkspaceSettings(workspaces, postCall.workspaceWebhookSecrets),
    phoneNumberProvisioning: phoneNumbersApi.phoneNumberProvisioning,
    carrierWebhooks: transports,
    inboundCalls,
    sentMessages: actions.sentMessages,
  };
  return {
    ...account,
    ...postCall,
    cluster,
    node,
    transports,
    recordings,
    knowledge,
    ...callsApi,
    ...phoneNumbersApi,
    ...actions,
    ...input,
    defaults,
    refs,
    engine,
    inboundCalls,
    workspaces,
    models,
    agents,
    auditRepo,
    integrations,
    tools,
    voices,
    webhookRepo,
    webhookDeliveries,
    webhookSender,
    webhookDeliverer,
    webhooks,
    api,
  };
}

export type Core = Awaited<ReturnType<typeof compose>>;
