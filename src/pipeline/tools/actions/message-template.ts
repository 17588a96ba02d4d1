import { z } from 'zod';

/** `{{name}}` (spaces allowed) or the legacy `{name}`, in one pass so filled values are never re-read. */
const placeholder = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}|(?<!\{)\{([A-Za-z_][\w-]*)\}(?!\})/g;
/** Names the model may be asked to fill (valid function-argument names). */
const argumentName = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
const maxValueChars = 500;

const show = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : v === null || v === undefined
      ? ''
      : typeof v === 'object'
        ? JSON.stringify(v)
        : String(v);

/** Placeholder names in the templates, first appearance first. */
export function placeholders(...templates: string[]): string[] {
  const names = new Set<string>();
  for (const t of templates) for (const m of t.matchAll(placeholder)) names.add((m[1] ?? m[2])!);
  return [...names];
}

/** The placeholders the call's variables do not fill: the model supplies them as arguments. */
export function modelFilled(templates: string[], variables: Record<string, unknown>): string[] {
  return placeholders(...templates).filter((n) => !Object.hasOwn(variables, n) && argumentName.test(n));
}

/** JSON Schema properties for model-filled placeholders. */
export function placeholderProperties(names: string[], about: string): Record<string, unknown> {
  return Object.fromEntries(
    names.map((n) => [n, { type: 'string', description: `Value for {{${n}}} in the ${about}` }]),
  );
}

const value = z
  .union([z.string(), z.number(), z.boolean()])
  .transform(String)
  .pipe(
    z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(maxValueChars, `must be at most ${maxValueChars} characters`),
  );

/** Check the model's values for `names`: each present, a short scalar; an error text otherwise. */
export function readValues(
  names: string[],
  args: Record<string, unknown>,
): { values: Record<string, string> } | { error: string } {
  const values: Record<string, string> = {};
  for (const n of names) {
    if (args[n] === undefined || args[n] === null) return { error: `missing required argument ${n}` };
    const v = value.safeParse(args[n]);
    if (!v.success) return { error: `argument ${n} ${v.error.issues[0]?.message ?? 'is invalid'}` };
    values[n] = v.data;
  }
  return { values };
}

/**
 * Fill a template from the call's variables, then the model's values (variables win: the model
 * cannot override what the workspace set). Unfilled placeholders are an error, never sent as-is.
 */
export function fillTemplate(
  template: string,
  variables: Record<string, unknown>,
  values: Record<string, string>,
): { text: string } | { error: string } {
  const missing: string[] = [];
  const text = template.replace(placeholder, (m, a: string | undefined, b: string | undefined) => {
    const name = (a ?? b)!;
    if (Object.hasOwn(variables, name)) return show(variables[name]);
    if (Object.hasOwn(values, name)) return values[name]!;
    missing.push(name);
    return m;
  });
  return missing.length > 0
    ? { error: `no value for ${missing.map((n) => `{{${n}}}`).join(', ')}` }
    : { text };
}
