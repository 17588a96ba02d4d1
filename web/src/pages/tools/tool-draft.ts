import type { Tool, ToolType } from '../../api/types.ts';

export interface ParamRow extends Record<string, unknown> {
  name: string;
  type: string;
  required: boolean;
  description: string;
  enum: string;
}
export interface FieldRow extends Record<string, unknown> {
  name: string;
  description: string;
  required: boolean;
}

/** Everything the tool form edits, flattened; `toolBody` keeps the keys that belong to the type. */
export interface ToolDraft {
  type: ToolType;
  name: string;
  description: string;
  url: string;
  method: string;
  headers: Record<string, unknown>;
  parameters: ParamRow[];
  timeout_seconds: number | null;
  run_in_background: boolean;
  speak_during_execution: boolean;
  transfer_to: string;
  credential_id: string;
  to: string;
  subject_template: string;
  body_template: string;
  calendar_id: string;
  duration_minutes: number | null;
  timezone: string;
  fields: FieldRow[];
}

export function draftOf(t?: Tool): ToolDraft {
  return {
    type: t?.type ?? 'api_call',
    name: t?.name ?? '',
    description: t?.description ?? '',
    url: t?.url ?? '',
    method: t?.method ?? 'POST',
    headers: t?.headers ?? {},
    parameters: (t?.parameters ?? []).map((p) => ({
      name: p.name,
      type: p.type ?? 'string',
      required: Boolean(p.required),
      description: p.description ?? '',
      enum: (p.enum ?? []).join(', '),
    })),
    timeout_seconds: (t as { timeout_seconds?: number | null } | undefined)?.timeout_seconds ?? null,
    run_in_background: t?.run_in_background ?? false,
    speak_during_execution: t?.speak_during_execution ?? false,
    transfer_to: t?.transfer_to ?? '',
    credential_id: t?.credential_id ?? '',
    to: t?.messaging_config?.to ?? (t?.type === 'send_sms' ? 'caller' : ''),
    subject_template: t?.messaging_config?.subject_template ?? '',
    body_template: t?.messaging_config?.body_template ?? '',
    calendar_id: t?.calendar_config?.calendar_id !== undefined ? String(t.calendar_config.calendar_id) : '',
    duration_minutes: t?.calendar_config?.duration_minutes ?? 30,
    timezone: t?.calendar_config?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    fields: (t?.extraction_schema?.fields ?? []).map((f) => ({
      name: f.name,
      description: f.description ?? '',
      required: Boolean(f.required),
    })),
  };
}

/** The create/update body for the draft's type. */
export function toolBody(d: ToolDraft): Record<string, unknown> {
  const body: Record<string, unknown> = {
    type: d.type,
    name: d.name.trim(),
    description: d.description.trim() || null,
    run_in_background: d.run_in_background,
    speak_during_execution: d.speak_during_execution,
  };
  switch (d.type) {
    case 'api_call':
      Object.assign(body, {
        url: d.url.trim(),
        method: d.method,
        headers: d.headers,
        timeout_seconds: d.timeout_seconds,
        parameters: d.parameters.map((p) => ({
          name: p.name.trim(),
          ...(p.type ? { type: p.type } : {}),
          required: p.required,
          description: p.description.trim(),
          ...(p.enum.trim()
            ? {
                enum: p.enum
                  .split(',')
                  .map((s) => s.trim())
                  .filter(Boolean),
              }
            : {}),
        })),
      });
      break;
    case 'transfer_call':
      body.transfer_to = d.transfer_to.trim();
      break;
    case 'send_sms':
      body.messaging_config = { to: d.to.trim(), body_template: d.body_template };
      break;
    case 'send_email':
      body.credential_id = d.credential_id || null;
      body.messaging_config = {
        to: d.to.trim(),
        subject_template: d.subject_template,
        body_template: d.body_template,
      };
      break;
    case 'schedule_calendar_event':
      body.credential_id = d.credential_id || null;
      body.calendar_config = {
        calendar_id: d.calendar_id.trim(),
        duration_minutes: d.duration_minutes,
        timezone: d.timezone.trim(),
      };
      break;
    case 'extract_information':
      body.extraction_schema = {
        fields: d.fields.map((f) => ({
          name: f.name.trim(),
          description: f.description.trim(),
          required: f.required,
        })),
      };
      break;
    case 'end_call':
      break;
  }
  return body;
}

/** Error keys from the server (`messaging_config.to`) → the flattened draft's field names. */
export function flattenErrors(errs: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(errs)) {
    const key = k
      .replace(/^messaging_config\./, '')
      .replace(/^calendar_config\./, '')
      .replace(/^extraction_schema\.fields/, 'fields');
    out[key] = v;
  }
  return out;
}
