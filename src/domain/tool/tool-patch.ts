import { errors, type ValidationIssue } from '../errors.ts';
import type { CalendarConfig, MessagingConfig, Tool, ToolFields, ToolType } from './tool.ts';

type Nullable<T> = { [K in keyof T]?: T[K] | null | undefined };

/** ToolUpdate: every field optional and nullable; the two config objects may be partial (they merge). */
export type UpdateToolInput = Nullable<Omit<ToolFields, 'type' | 'messaging_config' | 'calendar_config'>> & {
  type?: ToolType | null | undefined;
  messaging_config?: Nullable<MessagingConfig> | null | undefined;
  calendar_config?: Nullable<CalendarConfig> | null | undefined;
};

const required = {
  messaging_config: ['to', 'body_template'],
  calendar_config: ['calendar_id', 'duration_minutes', 'timezone'],
} as const;

/** Null resets these to their create-time default rather than clearing them. */
const defaults = { headers: {}, parameters: [], run_in_background: false, speak_during_execution: false };

/**
 * The tool a PATCH would produce. `null` clears a nullable field (or resets a defaulted one);
 * `messaging_config` and `calendar_config` merge key by key (a null key removes it), every other
 * object or list replaces the stored one. `type` may be sent but never changed.
 */
export function applyToolPatch(
  current: Tool,
  patch: UpdateToolInput,
): { fields: ToolFields; issues: ValidationIssue[] } {
  if (patch.type && patch.type !== current.type)
    throw errors.invalidField(
      ['body', 'type'],
      'VALIDATION_ERROR',
      `type cannot be changed (this tool is ${current.type}); create a new tool instead`,
    );
  const { id: _id, created_at: _c, updated_at: _u, ...fields } = current;
  const out: Record<string, unknown> = { ...fields };
  const issues: ValidationIssue[] = [];
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || k === 'type') continue;
    if (k === 'name') out.name = v ?? current.name;
    else if (k === 'timeout_seconds') out.timeout_seconds = v ?? (current.type === 'api_call' ? 10 : null);
    else if (k in defaults) out[k] = v ?? defaults[k as keyof typeof defaults];
    else if (k in required && v !== null)
      out[k] = mergeConfig(k as keyof typeof required, out[k], v as object, issues);
    else out[k] = v;
  }
  return { fields: out as ToolFields, issues };
}

function mergeConfig(
  key: keyof typeof required,
  stored: unknown,
  patch: object,
  issues: ValidationIssue[],
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...(stored as object | null) };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete merged[k];
    else if (v !== undefined) merged[k] = v;
  }
  for (const f of required[key])
    if (merged[f] === undefined)
      issues.push({ loc: ['body', key, f], msg: 'Field required', type: 'missing' });
  return merged;
}
