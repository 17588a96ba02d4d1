import fs from 'node:fs/promises';
import type { NodeIdentity } from './cluster/node-identity.ts';
import type { Config } from './config/config.ts';
import type { AgentService } from './domain/agent/agent-service.ts';
import { CallLifecycleService } from './domain/call/call-lifecycle-service.ts';
import { RecordingAccess, type RecordingBlobs } from './domain/call/recording-access.ts';
import type { IntegrationService } from './domain/integration/integration-service.ts';
import type { LlmModelService } from './domain/llm-model/llm-model-service.ts';
import { builtinOutcomeChoices, type OutcomeChoice } from './domain/post-call/call-analysis.ts';
import { CallAnalyzer } from './domain/post-call/call-analyzer.ts';
import { CallFinalizer } from './domain/post-call/call-finalizer.ts';
import { defaultPrices, type PriceTable, parsePriceTable } from './domain/post-call/price-table.ts';
import { CallEventPublisher } from './domain/webhook/call-event-publisher.ts';
import type { WebhookRepo } from './domain/webhook/webhook.ts';
import type { WebhookDeliverer } from './domain/webhook/webhook-deliverer.ts';
import { WebhookOutbox } from './domain/webhook/webhook-outbox.ts';
import { AgentCallProfiles } from './jobs/call-profile-source.ts';
import { deliverWebhookHandler, deliveryScheduler } from './jobs/handlers/deliver-webhook.ts';
import { finalizeCallHandler, postCallJobs } from './jobs/handlers/finalize-call.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { Clock } from './lib/clock.ts';
import type { Logger } from './lib/logger.ts';
import type { SecretBox } from './lib/secret-box.ts';
import { cl100kTokenizer } from './lib/tokenizer.ts';
import type { Llm } from './providers/llm/llm.ts';
import { ProviderRegistry, type ProviderSelection } from './providers/registry.ts';
import { PgCallOutcomeRepo } from './store/call-outcomes-repo.ts';
import { PgCallSlots } from './store/call-slots-repo.ts';
import { PgCallRepo } from './store/calls-repo.ts';
import type { Db } from './store/db.ts';
import { PgOutboxRepo } from './store/outbox-repo.ts';
import { PgPostCallRepo } from './store/post-call-repo.ts';
import type { PgWebhookDeliveryRepo } from './store/webhook-deliveries-repo.ts';
import { PgWebhookRouting } from './store/webhook-routing-repo.ts';
import { PgWorkspaceCredentials } from './store/workspace-credentials-repo.ts';
import { PgWorkspaceWebhookSecrets } from './store/workspace-webhook-secret-repo.ts';

/** Slot leases last this long unless renewed (the heartbeat renews every third of it). */
export const leaseMs = 30_000;
/** The LLM's share of the 3 s post-call budget; slower answers fall back to the offline classifier. */
const analysisBudgetMs = 2_000;

export interface PostCallInput {
  config: Config;
  db: Db;
  /** The store runs one statement at a time (embedded PGlite). */
  serialStore?: boolean;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  secrets: SecretBox;
  node: NodeIdentity;
  agents: AgentService;
  models: LlmModelService;
  integrations: IntegrationService;
  webhookRepo: WebhookRepo;
  webhookDeliveries: PgWebhookDeliveryRepo;
  webhookDeliverer: WebhookDeliverer;
  recordingUrl: (callId: string) => string;
  /** Where the engine stores recordings (read by the signed download route). */
  recordings: RecordingBlobs;
  /** Builds the analysis LLM; defaults to a ProviderRegistry over the platform config. */
  llms?: { llm(sel: ProviderSelection): Llm };
}

/** The PARLEY_PRICES table merged over the defaults (a bad file stops the start with its problems listed). */
export async function loadPrices(file: string | undefined): Promise<PriceTable> {
  return file ? parsePriceTable(await fs.readFile(file, 'utf8'), file) : defaultPrices;
}

/** Wire post-call (issue 5): slots, the outbox, events, the finalizer, and their job workers. */
export async function composePostCall(input: PostCallInput) {
  const { db, queue, clock, logger, node } = input;
  const slots = new PgCallSlots(db, node, clock, leaseMs);
  const outboxRepo = new PgOutboxRepo(db, input.serialStore);
  const scheduler = deliveryScheduler(queue);
  const events = new CallEventPublisher({
    outbox: outboxRepo,
    webhooks: input.webhookRepo,
    routing: new PgWebhookRouting(db),
    kick: (d) => scheduler.schedule(d),
    recordingUrl: input.recordingUrl,
    clock,
  });
  const lifecycle = new CallLifecycleService({ slots, events, jobs: postCallJobs(queue), logger });
  const outcomeRepo = new PgCallOutcomeRepo(db);
  const outcomes = async (orgId: string): Promise<OutcomeChoice[]> => [
    ...builtinOutcomeChoices,
    ...(await outcomeRepo.list(orgId))
      .filter((o) => o.is_active)
      .map((o) => ({ name: o.name, label: o.label, description: o.description })),
  ];
  const llms = input.llms ?? new ProviderRegistry({ providers: input.config.providers, clock });
  const credentials = new PgWorkspaceCredentials(db, (org, id) => input.integrations.resolve(org, id));
  const postCallRepo = new PgPostCallRepo(db, new PgCallRepo(db));
  const finalizer = new CallFinalizer({
    repo: postCallRepo,
    profiles: new AgentCallProfiles({
      agent: (org, id) => input.agents.getAgent(org, id),
      model: (org, id) => input.models.get(org, id),
      credential: (org, id) => input.integrations.resolve(org, id),
      workspaceCredential: (org, provider) => credentials.find(org, provider),
      llm: (sel) => llms.llm(sel),
    }),
    outcomes,
    analyzer: new CallAnalyzer({ clock, logger, budgetMs: analysisBudgetMs }),
    prices: await loadPrices(input.config.pricesFile),
    countTokens: (text) => cl100kTokenizer.count(text),
    events,
    freeSlot: (orgId, callId) => lifecycle.freeSlot(orgId, callId),
    webTransport: input.config.livekit ? 'livekit' : 'web',
    clock,
    logger,
  });
  const workspaceWebhookSecrets = new PgWorkspaceWebhookSecrets(db, input.secrets);
  const outbox = new WebhookOutbox({
    outbox: outboxRepo,
    webhooks: input.webhookRepo,
    deliveries: input.webhookDeliveries,
    workspaceSecrets: workspaceWebhookSecrets,
    deliverer: input.webhookDeliverer,
    scheduler,
    clock,
    holder: node.holder,
    logger,
  });
  await queue.work('call.finalize', finalizeCallHandler(finalizer), { concurrency: 2 });
  await queue.work('webhook.deliver', deliverWebhookHandler(outbox), { concurrency: 4 });
  const recordingAccess = new RecordingAccess(postCallRepo, input.recordings, input.secrets, clock);
  return {
    slots,
    outboxRepo,
    events,
    lifecycle,
    finalizer,
    outbox,
    workspaceWebhookSecrets,
    recordingAccess,
  };
}
