/** Tool kinds (reference §2.3); the create body is discriminated on `type`, which never changes afterwards. */
export const toolTypes = [
  'api_call',
  'transfer_call',
  'end_call',
  'send_sms',
  'send_email',
  'schedule_calendar_event',
  'extract_information',
] as const;
export type ToolType = (typeof toolTypes)[number];

export const httpMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof httpMethods)[number];

export const parameterTypes = ['string', 'number', 'integer', 'boolean'] as const;

/** One argument the LLM fills for an `api_call` tool. */
export interface ToolParameter {
  name: string;
  type?: (typeof parameterTypes)[number] | undefined;
  required: boolean;
  description: string;
  /** Restricts the values the LLM may pass. */
  enum?: string[] | undefined;
}

/** send_sms: `{to, body_template}`; send_email adds `subject_template`. */
export interface MessagingConfig {
  to: string;
  subject_template?: string | undefined;
  body_template: string;
}

export interface CalendarConfig {
  calendar_id: string | number;
  duration_minutes: number;
  timezone: string;
}

export interface ExtractionSchema {
  fields: { name: string; description: string; required: boolean }[];
}

/** A function the agent's LLM can call; attached to models through `tool_ids`. */
export interface Tool {
  id: string;
  name: string;
  type: ToolType;
  description: string | null;
  url: string | null;
  method: HttpMethod | null;
  headers: Record<string, string>;
  parameters: ToolParameter[];
  transfer_to: string | null;
  run_in_background: boolean;
  speak_during_execution: boolean;
  extraction_schema: ExtractionSchema | null;
  messaging_config: MessagingConfig | null;
  calendar_config: CalendarConfig | null;
  credential_id: string | null;
  /** api_call request timeout (Parley extra; stored as `timeout_ms`). */
  timeout_seconds: number | null;
  created_at: string;
  updated_at: string;
}

export type ToolFields = Omit<Tool, 'id' | 'created_at' | 'updated_at'>;
export type NewTool = Omit<Tool, 'created_at' | 'updated_at'>;

export interface ToolRepo {
  insert(orgId: string, t: NewTool): Promise<Tool>;
  get(orgId: string, id: string): Promise<Tool | undefined>;
  list(orgId: string, page: { limit: number; offset: number }): Promise<{ items: Tool[]; total: number }>;
  update(orgId: string, id: string, t: ToolFields): Promise<Tool | undefined>;
  delete(orgId: string, id: string): Promise<boolean>;
  /** Ids of models whose `tool_ids` contain this tool. */
  modelsUsing(orgId: string, id: string): Promise<string[]>;
}
