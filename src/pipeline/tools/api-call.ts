import type { Clock } from '../../lib/clock.ts';
import { renderTemplate } from '../template.ts';
import type { HttpFetch, ToolOutcome, ToolSpec } from './tool-runner.ts';

export interface ApiCallDeps {
  fetch: HttpFetch;
  clock: Clock;
  /** Call variables, for `{{var}}` in the URL and headers. */
  variables: Record<string, unknown>;
  defaultTimeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Longest response text handed back to the model. */
const MAX_BODY_CHARS = 4000;

const jsonType = (t: string | undefined) =>
  t === 'number' || t === 'integer' || t === 'boolean' ? t : 'string';

/** JSON Schema the model fills from the tool's `parameters`. */
export function apiCallParameters(spec: ToolSpec): Record<string, unknown> {
  const params = spec.parameters ?? [];
  return {
    type: 'object',
    properties: Object.fromEntries(
      params.map((p) => [
        p.name,
        { type: jsonType(p.type), description: p.description, ...(p.enum?.length ? { enum: p.enum } : {}) },
      ]),
    ),
    required: params.filter((p) => p.required).map((p) => p.name),
  };
}

/** Check and coerce the model's arguments against the declared parameters; unknown ones are dropped. */
function checkArguments(
  spec: ToolSpec,
  args: Record<string, unknown>,
): { values: Record<string, unknown> } | { error: string } {
  const values: Record<string, unknown> = {};
  for (const p of spec.parameters ?? []) {
    let v = args[p.name];
    if (v === undefined || v === null || v === '') {
      if (p.required) return { error: `missing required parameter ${p.name}` };
      continue;
    }
    const type = jsonType(p.type);
    if (
      (type === 'number' || type === 'integer') &&
      typeof v === 'string' &&
      v.trim() !== '' &&
      !Number.isNaN(Number(v))
    )
      v = Number(v);
    if (type === 'boolean' && (v === 'true' || v === 'false')) v = v === 'true';
    if (
      (type === 'number' && typeof v !== 'number') ||
      (type === 'integer' && !Number.isInteger(v)) ||
      (type === 'boolean' && typeof v !== 'boolean')
    )
      return { error: `parameter ${p.name} must be ${type === 'integer' ? 'an' : 'a'} ${type}` };
    if (p.enum?.length && !p.enum.includes(String(v)))
      return { error: `parameter ${p.name} must be one of ${p.enum.join(', ')}` };
    values[p.name] = v;
  }
  return { values };
}

/**
 * api_call: one HTTP request with the model's arguments (query string for GET/DELETE, JSON body
 * otherwise), templated URL and headers, and a timeout on the injected clock. HTTP and network
 * failures come back as results the model can talk about; only an interruption throws.
 */
export async function runApiCall(
  spec: ToolSpec,
  args: Record<string, unknown>,
  deps: ApiCallDeps,
  signal: AbortSignal,
): Promise<ToolOutcome> {
  if (!spec.url) return { result: { error: 'this api_call tool has no url configured' } };
  const checked = checkArguments(spec, args);
  if ('error' in checked) return { result: { error: checked.error } };
  const method = (spec.method ?? 'GET').toUpperCase();
  let url: URL;
  try {
    url = new URL(renderTemplate(spec.url, { ...deps.variables, ...checked.values }));
  } catch {
    return { result: { error: 'the tool url is not a valid URL' } };
  }
  // Arguments placed in the URL are not sent again in the query or body.
  const inUrl = new Set([...spec.url.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)].map((m) => m[1]!));
  const rest = Object.fromEntries(Object.entries(checked.values).filter(([k]) => !inUrl.has(k)));
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.headers ?? {})) headers[k] = renderTemplate(v, deps.variables);
  let body: string | undefined;
  if (method === 'GET' || method === 'DELETE') {
    for (const [k, v] of Object.entries(rest))
      url.searchParams.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  } else {
    body = JSON.stringify(rest);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['content-type'] = 'application/json';
  }
  const timeoutMs = spec.timeout_seconds
    ? spec.timeout_seconds * 1000
    : (deps.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS);
  const controller = new AbortController();
  let timedOut = false;
  const timer = deps.clock.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  signal.addEventListener('abort', onAbort);
  try {
    const init: RequestInit = { method, headers, signal: controller.signal };
    if (body !== undefined) init.body = body;
    const res = await deps.fetch(url.toString(), init);
    const text = await res.text();
    const parsed = parseBody(text);
    return {
      result: res.ok
        ? { status: res.status, body: parsed }
        : { error: `HTTP ${res.status}`, status: res.status, body: parsed },
    };
  } catch (e) {
    if (signal.aborted) throw new DOMException('tool interrupted', 'AbortError');
    if (timedOut) return { result: { error: `request timed out after ${timeoutMs / 1000} s` } };
    return { result: { error: `request failed: ${(e as Error).message}` } };
  } finally {
    deps.clock.clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}…` : text;
  }
}
