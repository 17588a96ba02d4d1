/** Variables for one call: the agent's `dynamic_variables`, overridden by the call's `variables`. */
export function callVariables(
  agentDynamic: Record<string, unknown>,
  callVars: Record<string, unknown> | undefined,
): Record<string, unknown> {
  return { ...agentDynamic, ...(callVars ?? {}) };
}

function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

const own = (vars: Record<string, unknown>, k: string) => Object.hasOwn(vars, k);

/**
 * Fill `{{name}}` (spaces allowed inside) and the legacy `{name}` from `vars`. Unknown names stay
 * as written, so literal braces in prompts (JSON examples) survive.
 */
export function renderTemplate(text: string, vars: Record<string, unknown>): string {
  return text
    .replace(/\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g, (m, k: string) => (own(vars, k) ? show(vars[k]) : m))
    .replace(/(?<!\{)\{([A-Za-z_][\w-]*)\}(?!\})/g, (m, k: string) => (own(vars, k) ? show(vars[k]) : m));
}
