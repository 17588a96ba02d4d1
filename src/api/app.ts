import { OpenAPIHono } from '@hono/zod-openapi';
import type { AgentService } from '../domain/agent/agent-service.ts';
import type { AuditRepo } from '../domain/audit/audit.ts';
import type { AuditService } from '../domain/audit/audit-service.ts';
import type { SessionService } from '../domain/auth/session-service.ts';
import type { CallService } from '../domain/call/call-service.ts';
import type { InboundCallService } from '../domain/call/inbound-call-service.ts';
import type { RecordingAccess } from '../domain/call/recording-access.ts';
import type { WebCallService } from '../domain/call/web-call-service.ts';
import { errors } from '../domain/errors.ts';
import type { IntegrationService } from '../domain/integration/integration-service.ts';
import type { KnowledgeBaseService } from '../domain/knowledge-base/knowledge-base-service.ts';
import type { LlmModelService } from '../domain/llm-model/llm-model-service.ts';
import type { SentMessageService } from '../domain/message/sent-message-service.ts';
import type { CallOutcomeService } from '../domain/outcome/call-outcome-service.ts';
import type { PhoneNumberProvisioning } from '../domain/phone-number/phone-number-provisioning.ts';
import type { PhoneNumberService } from '../domain/phone-number/phone-number-service.ts';
import type { PublishableKeyService } from '../domain/publishable-key/publishable-key-service.ts';
import type { ToolService } from '../domain/tool/tool-service.ts';
import type { UsageService } from '../domain/usage/usage-service.ts';
import type { VoicePreviews } from '../domain/voice/voice-preview.ts';
import type { VoiceService } from '../domain/voice/voice-service.ts';
import type { CallDeliveryLog } from '../domain/webhook/call-delivery-log.ts';
import type { WebhookService } from '../domain/webhook/webhook-service.ts';
import type { WorkspaceService } from '../domain/workspace/workspace-service.ts';
import type { WorkspaceSettings } from '../domain/workspace/workspace-settings.ts';
import type { Logger } from '../lib/logger.ts';
import { type AppEnv, requestLog } from './context.ts';
import { respondError, toAppError } from './errors.ts';
import { audit } from './middleware/audit.ts';
import { authenticate } from './middleware/auth.ts';
import { jsonBodies } from './middleware/body.ts';
import { requestId } from './middleware/request-id.ts';
import { webCallCors } from './middleware/web-call-cors.ts';
import { agentRoutes } from './routes/agents.ts';
import { auditEventRoutes } from './routes/audit-events.ts';
import { authRoutes } from './routes/auth.ts';
import { callOutcomeRoutes } from './routes/call-outcomes.ts';
import { callSentMessageRoutes } from './routes/call-sent-messages.ts';
import { callWebhookDeliveryRoutes } from './routes/call-webhook-deliveries.ts';
import { callRoutes } from './routes/calls.ts';
import { type CarrierWebhookDeps, carrierWebhookRoutes } from './routes/carrier-webhooks.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { docsRoutes } from './routes/docs.ts';
import { healthRoutes } from './routes/health.ts';
import { integrationRoutes } from './routes/integrations.ts';
import { knowledgeBaseRoutes } from './routes/knowledge-bases.ts';
import { llmModelRoutes } from './routes/llm-models.ts';
import { phoneNumberAcquisitionRoutes } from './routes/phone-number-acquisition.ts';
import { phoneNumberSimulationRoutes } from './routes/phone-number-simulation.ts';
import { phoneNumberRoutes } from './routes/phone-numbers.ts';
import { publishableKeyRoutes } from './routes/publishable-keys.ts';
import { recordingRoutes } from './routes/recordings.ts';
import { toolRoutes } from './routes/tools.ts';
import { usageRoutes } from './routes/usage.ts';
import { voicePreviewRoutes } from './routes/voice-previews.ts';
import { voiceRoutes } from './routes/voices.ts';
import { webCallTokenRoutes } from './routes/web-call-tokens.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { currentWorkspaceRoutes } from './routes/workspace.ts';
import { workspaceRoutes } from './routes/workspaces.ts';

/** Everything the HTTP layer needs, built once in the composition root. */
export interface ApiDeps {
  logger: Logger;
  version: string;
  publicUrl: string;
  maxBodyBytes: number;
  storeKind: 'pglite' | 'postgres';
  ping: () => Promise<void>;
  auditRepo: AuditRepo;
  workspaces: WorkspaceService;
  agents: AgentService;
  models: LlmModelService;
  calls: CallService;
  webCalls: WebCallService;
  integrations: IntegrationService;
  knowledgeBases: KnowledgeBaseService;
  tools: ToolService;
  voices: VoiceService;
  /** Offline platform voices' previews (no API key). */
  voicePreviews: VoicePreviews;
  webhooks: WebhookService;
  callOutcomes: CallOutcomeService;
  publishableKeys: PublishableKeyService;
  usage: UsageService;
  audit: AuditService;
  sessions: SessionService;
  phoneNumbers: PhoneNumberService;
  phoneNumberProvisioning: PhoneNumberProvisioning;
  /** Twilio/Telnyx callbacks (`/v1/carriers/*`); absent = not served. */
  carrierWebhooks?: CarrierWebhookDeps | undefined;
  inboundCalls: InboundCallService;
  sentMessages: SentMessageService;
  /** Signed recording downloads (no API key). */
  recordings: RecordingAccess;
  callDeliveries: CallDeliveryLog;
  workspaceSettings: WorkspaceSettings;
}

/** Routes under /v1 that need no API key (health, the OpenAPI document). */
const openPaths = new Set(['/v1/health', '/v1/openapi.json', '/v1/auth/login']);
/** Signed recording links: the signature in the query is the credential. */
const isRecordingPath = (path: string) => /^\/v1\/recordings\/[^/]+$/.test(path);
/** Platform voice previews hold no workspace data (docs/api-notes.md, Voices). */
const isVoicePreviewPath = (path: string) => /^\/v1\/voices\/[^/]+\/preview$/.test(path);

/** Upload routes allowed 50 MiB bodies. */
const largeBodyPaths = [
  { pattern: /^\/v1\/knowledge-bases\/(?:[^/]+\/)?sources\/?$/, maxBytes: 50 * 1024 * 1024 + 64 * 1024 },
];

export function createApp(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ strict: false });
  const started = Date.now();

  app.use('*', requestId(deps.logger));
  app.onError((e, c) => {
    const err = toAppError(e);
    if (err.kind === 'internal')
      (c.get('requestId') ? requestLog(c) : deps.logger).error({ err: e }, 'unhandled error');
    return respondError(c, err);
  });
  app.notFound((c) => respondError(c, errors.notFound('route', `${c.req.method} ${c.req.path}`)));

  // Carrier callbacks are form/JSON posts signed by the carrier (no API key): served before the /v1 middleware.
  if (deps.carrierWebhooks) app.route('/v1/carriers', carrierWebhookRoutes(deps.carrierWebhooks));
  app.use('/v1/web-calls/token', webCallCors());
  app.use('/v1/*', jsonBodies({ maxBytes: deps.maxBodyBytes, largeBodyPaths }));
  app.use(
    '/v1/*',
    authenticate(
      deps.workspaces,
      (m, path) =>
        openPaths.has(path.replace(/\/+$/, '')) ||
        isRecordingPath(path) ||
        (m === 'GET' && isVoicePreviewPath(path)),
      deps.sessions,
    ),
  );
  app.use('/v1/*', audit(deps.auditRepo));

  const health = healthRoutes({
    version: deps.version,
    storeKind: deps.storeKind,
    ping: deps.ping,
    startedAt: started,
  });
  app.route('/health', health);
  app.route('/v1/health', health);
  app.route('/v1', workspaceRoutes(deps));
  app.route('/v1/agents', agentRoutes(deps));
  app.route('/v1/models', llmModelRoutes(deps));
  app.route('/v1/llm-models', llmModelRoutes(deps));
  app.route('/v1/calls', callRoutes(deps));
  app.route('/v1/calls', callSentMessageRoutes(deps));
  app.route('/v1/web-calls', webCallTokenRoutes(deps));
  app.route('/v1/integrations', integrationRoutes(deps));
  app.route('/v1/credentials', integrationRoutes(deps));
  app.route('/v1/knowledge-bases', knowledgeBaseRoutes(deps));
  app.route('/v1/tools', toolRoutes(deps));
  app.route('/v1/voices', voiceRoutes(deps));
  app.route('/v1/voices', voicePreviewRoutes(deps));
  app.route('/v1/webhooks', webhookRoutes(deps));
  app.route('/v1/workspace/call-outcomes', callOutcomeRoutes(deps));
  app.route('/v1/workspace', currentWorkspaceRoutes(deps));
  app.route('/v1/recordings', recordingRoutes(deps));
  app.route('/v1/calls', callWebhookDeliveryRoutes(deps));
  app.route('/v1/publishable-keys', publishableKeyRoutes(deps));
  app.route('/v1/usage', usageRoutes(deps));
  app.route('/v1/audit-events', auditEventRoutes(deps));
  app.route('/v1', authRoutes(deps));
  app.route('/v1/phone-numbers', phoneNumberAcquisitionRoutes(deps));
  app.route('/v1/phone-numbers', phoneNumberRoutes(deps));
  app.route('/v1/phone-numbers', phoneNumberSimulationRoutes(deps));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'Secret key `oi_sk_…` (publishable keys `oi_pk_…` only on POST /v1/web-calls/token)',
  });
  app.doc31('/v1/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Parley API (OneInbox v1 compatible)',
      version: deps.version,
      description: 'Self-hosted voice-AI agents. Point a OneInbox client at this base URL and keep working.',
    },
    servers: [{ url: deps.publicUrl, description: 'This Parley server' }],
  });
  app.route('/docs', docsRoutes());
  app.route('/', dashboardRoutes());
  return app;
}

export type App = ReturnType<typeof createApp>;
