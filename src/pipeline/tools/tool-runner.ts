import type { LlmToolCall, LlmToolDef } from '../../providers/llm/llm.ts';
import type { MetricName } from '../frames.ts';

/** A tool attached to the agent's model, as the engine needs it (a structural subset of the API's Tool). */
export interface ToolSpec {
  name: string;
  type: string;
  description: string | null;
  url?: string | null;
  method?: string | null;
  headers?: Record<string, string>;
  parameters?: { name: string; type?: string; required: boolean; description: string; enum?: string[] }[];
  transfer_to?: string | null;
  run_in_background?: boolean;
  speak_during_execution?: boolean;
  extraction_schema?: { fields: { name: string; description: string; required: boolean }[] } | null;
  /** api_call timeout; the engine default applies when null. */
  timeout_seconds?: number | null;
  /** send_sms / send_email: recipient and templates. */
  messaging_config?: { to: string; subject_template?: string | undefined; body_template: string } | null;
  /** schedule_calendar_event: Cal.com event type, length and the zone times are spoken in. */
  calendar_config?: { calendar_id: string | number; duration_minutes: number; timezone: string } | null;
  /** The integration a send_email / schedule_calendar_event tool goes through. */
  credential_id?: string | null;
}

/** What a tool returns: `result` goes back to the LLM (a string as is, else JSON); `terminal` tools end the reply (hang-up, transfer). */
export interface ToolOutcome {
  result: unknown;
  terminal?: boolean;
}

/** How the LLM stage should treat a tool while it runs. */
export interface ToolBehaviour {
  /** Said while the tool runs when the model said nothing before calling it. */
  filler?: string;
  /** Answer the model at once and deliver the real result later. */
  background: boolean;
  /** The latency event each run is timed as, instead of `tool:<name>` from provider `tool`. */
  metric?: { name: MetricName; provider: string };
}

/** Runs the tools of one call; the LLM processor only sees this interface. */
export interface ToolRunner {
  definitions(): LlmToolDef[];
  behaviour(name: string): ToolBehaviour;
  /** Never throws for expected failures (bad arguments, HTTP errors): those are results the model can read. */
  run(call: LlmToolCall, signal: AbortSignal): Promise<ToolOutcome>;
}

/** Runs one more tool type for the AgentToolRunner (the action tools: send_sms, send_email, schedule_calendar_event). */
export interface ToolTypeExecutor {
  /** What the model reads when the tool has no description of its own. */
  defaultDescription(spec: ToolSpec): string;
  /** JSON Schema of the arguments the model fills. */
  parameters(spec: ToolSpec): Record<string, unknown>;
  /** Expected failures are results the model can read; only an interruption throws. */
  run(spec: ToolSpec, args: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome>;
}

/** Hang-up and transfer as tools see them; both take effect after the agent's current speech has played. */
export interface CallControl {
  endCall(reason: 'agent_hangup'): void;
  transfer(to: string): void;
}

/** Where extract_information tools put their data (`analysis.extracted_data[tool_name]`). */
export interface ExtractedDataSink {
  put(toolName: string, data: Record<string, unknown>): void;
}

/** `fetch` as api_call tools use it; the composition root passes one with the SSRF guard. */
export type HttpFetch = (url: string, init: RequestInit) => Promise<Response>;

/** Parse the model's JSON arguments; anything but an object is an error the model is told about. */
export function parseArguments(
  raw: string,
): { ok: true; args: Record<string, unknown> } | { ok: false; error: string } {
  if (!raw.trim()) return { ok: true, args: {} };
  try {
    const v: unknown = JSON.parse(raw);
    if (v && typeof v === 'object' && !Array.isArray(v))
      return { ok: true, args: v as Record<string, unknown> };
    return { ok: false, error: 'arguments must be a JSON object' };
  } catch {
    return { ok: false, error: 'arguments are not valid JSON' };
  }
}
