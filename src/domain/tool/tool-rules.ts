import { isE164, isEmail } from '../../lib/formats.ts';
import type { ValidationIssue } from '../errors.ts';
import type { IntegrationProvider } from '../integration/integration.ts';
import type { ToolFields, ToolType } from './tool.ts';

type TypedField = keyof Pick<
  ToolFields,
  | 'url'
  | 'method'
  | 'headers'
  | 'parameters'
  | 'timeout_seconds'
  | 'transfer_to'
  | 'messaging_config'
  | 'credential_id'
  | 'calendar_config'
  | 'extraction_schema'
>;

/** Fields that belong to one type only (name, description and the two execution flags apply to all). */
export const fieldsOf: Record<ToolType, readonly TypedField[]> = {
  api_call: ['url', 'method', 'headers', 'parameters', 'timeout_seconds'],
  transfer_call: ['transfer_to'],
  end_call: [],
  send_sms: ['messaging_config'],
  send_email: ['messaging_config', 'credential_id'],
  schedule_calendar_event: ['calendar_config', 'credential_id'],
  extract_information: ['extraction_schema'],
};

const requiredOf: Record<ToolType, readonly (keyof ToolFields)[]> = {
  api_call: ['description', 'url', 'method'],
  transfer_call: ['transfer_to'],
  end_call: [],
  send_sms: ['messaging_config'],
  send_email: ['messaging_config', 'credential_id'],
  schedule_calendar_event: ['calendar_config', 'credential_id'],
  extract_information: ['extraction_schema'],
};

/** Which integration providers a tool's `credential_id` must belong to. */
export const credentialProviders: Partial<Record<ToolType, readonly IntegrationProvider[]>> = {
  send_email: ['resend', 'sendgrid'],
  schedule_calendar_event: ['calcom'],
};

const allTyped = [...new Set(Object.values(fieldsOf).flat())];
const variable = /^\{\{\s*[A-Za-z_][A-Za-z0-9_.]*\s*\}\}$/;
const maxSmsBody = 1600;

function isEmpty(v: unknown): boolean {
  return (
    v === null ||
    v === undefined ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === 'object' && Object.keys(v as object).length === 0)
  );
}

/**
 * Rules a whole tool must meet for its type, checked on create and on the merged result of a PATCH:
 * required fields present, no other type's fields set, and `messaging_config.to` in the type's format.
 */
export function toolIssues(t: ToolFields): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (loc: (string | number)[], msg: string, type = 'value_error') =>
    issues.push({ loc: ['body', ...loc], msg, type });
  for (const f of requiredOf[t.type])
    if (t[f] === null || t[f] === undefined) add([f], `Field required for ${t.type} tools`, 'missing');
  for (const f of allTyped)
    if (!fieldsOf[t.type].includes(f) && !isEmpty(t[f]))
      add([f], `${f} does not apply to ${t.type} tools; set it to null or leave it out`, 'extra_forbidden');
  const m = t.messaging_config;
  if (m && t.type === 'send_sms') {
    if (m.to !== 'caller' && !isE164(m.to))
      add(['messaging_config', 'to'], 'to must be an E.164 number (e.g. +14155550123) or "caller"');
    if (m.subject_template !== undefined)
      add(
        ['messaging_config', 'subject_template'],
        'subject_template applies only to send_email tools',
        'extra_forbidden',
      );
    if (m.body_template.length > maxSmsBody)
      add(
        ['messaging_config', 'body_template'],
        `Should have at most ${maxSmsBody} characters`,
        'string_too_long',
      );
  }
  if (m && t.type === 'send_email') {
    if (m.to !== 'caller' && !isEmail(m.to) && !variable.test(m.to))
      add(
        ['messaging_config', 'to'],
        'to must be an email address, a {{variable}} holding one, or "caller" (the agent asks the caller for it)',
      );
    if (m.subject_template === undefined)
      add(['messaging_config', 'subject_template'], 'Field required for send_email tools', 'missing');
  }
  return issues;
}
