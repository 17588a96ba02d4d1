import type { Insertable, Selectable, Updateable } from 'kysely';
import type { AgentsTable, LlmModelsTable, ToolsTable, VoicesTable } from './tables/agent-tables.ts';
import type {
  CallDayCountsTable,
  CallEventsTable,
  CallOutcomesTable,
  CallSlotsTable,
  CallsTable,
  SentMessagesTable,
  WebCallTokensTable,
} from './tables/call-tables.ts';
import type {
  KbChunksTable,
  KbFilesTable,
  KbJobsTable,
  KbSourcesTable,
  KnowledgeBasesTable,
} from './tables/knowledge-base-tables.ts';
import type { PhoneNumbersTable, SimNumbersTable } from './tables/phone-number-tables.ts';
import type { WebhookDeliveriesTable, WebhooksTable } from './tables/webhook-tables.ts';
import type {
  ApiKeysTable,
  AuditEventsTable,
  AuthSessionsTable,
  IntegrationsTable,
  PublishableKeysTable,
  WorkspacesTable,
} from './tables/workspace-tables.ts';

export type * from './tables/agent-tables.ts';
export type * from './tables/call-tables.ts';
export type { JsonObject } from './tables/columns.ts';
export type * from './tables/knowledge-base-tables.ts';
export type * from './tables/phone-number-tables.ts';
export type * from './tables/webhook-tables.ts';
export type * from './tables/workspace-tables.ts';

/** Kysely table types; with `tables/`, the only place besides migrations that knows table and column names. */
export interface Database {
  workspaces: WorkspacesTable;
  api_keys: ApiKeysTable;
  publishable_keys: PublishableKeysTable;
  integrations: IntegrationsTable;
  tools: ToolsTable;
  knowledge_bases: KnowledgeBasesTable;
  kb_sources: KbSourcesTable;
  kb_files: KbFilesTable;
  kb_jobs: KbJobsTable;
  kb_chunks: KbChunksTable;
  llm_models: LlmModelsTable;
  voices: VoicesTable;
  webhooks: WebhooksTable;
  agents: AgentsTable;
  phone_numbers: PhoneNumbersTable;
  sim_numbers: SimNumbersTable;
  calls: CallsTable;
  web_call_tokens: WebCallTokensTable;
  webhook_deliveries: WebhookDeliveriesTable;
  call_slots: CallSlotsTable;
  call_day_counts: CallDayCountsTable;
  call_events: CallEventsTable;
  call_outcomes: CallOutcomesTable;
  audit_events: AuditEventsTable;
  auth_sessions: AuthSessionsTable;
  sent_messages: SentMessagesTable;
}

export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
export type RowUpdate<T extends keyof Database> = Updateable<Database[T]>;
