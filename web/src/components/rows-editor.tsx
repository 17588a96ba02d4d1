import type { ComponentChildren } from 'preact';

export interface Column<R> {
  key: keyof R & string;
  label: string;
  kind: 'text' | 'checkbox' | 'select';
  options?: string[];
  placeholder?: string;
  width?: string;
}

/** A small table editor for lists of records (tool parameters, extraction fields, script steps). */
export function RowsEditor<R extends Record<string, unknown>>({
  legend,
  rows,
  columns,
  onChange,
  blank,
  errors,
  errorPrefix,
  addLabel = 'Add',
  hint,
}: {
  legend: string;
  rows: R[];
  columns: Column<R>[];
  onChange: (rows: R[]) => void;
  blank: () => R;
  errors: Record<string, string>;
  errorPrefix: string;
  addLabel?: string;
  hint?: ComponentChildren;
}) {
  const update = (i: number, key: string, value: unknown) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, [key]: value } : r)));
  return (
    <fieldset class="field field-wide rows-editor">
      <legend>{legend}</legend>
      {hint ? <p class="field-hint">{hint}</p> : null}
      {rows.length ? (
        <table class="table table-compact rows-table">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} scope="col" style={c.width ? { width: c.width } : undefined}>
                  {c.label}
                </th>
              ))}
              <th scope="col">
                <span class="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {columns.map((c) => {
                  const err = errors[`${errorPrefix}.${i}.${c.key}`];
                  const label = `${c.label} ${i + 1}`;
                  return (
                    <td key={c.key} class={err ? 'field-invalid' : undefined}>
                      {c.kind === 'checkbox' ? (
                        <input
                          type="checkbox"
                          aria-label={label}
                          checked={Boolean(r[c.key])}
                          onChange={(e) => update(i, c.key, (e.target as HTMLInputElement).checked)}
                        />
                      ) : c.kind === 'select' ? (
                        <select
                          aria-label={label}
                          value={String(r[c.key] ?? '')}
                          onChange={(e) => update(i, c.key, (e.target as HTMLSelectElement).value)}
                        >
                          {(c.options ?? []).map((o) => (
                            <option key={o} value={o}>
                              {o || '—'}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <input
                          aria-label={label}
                          value={String(r[c.key] ?? '')}
                          placeholder={c.placeholder}
                          aria-invalid={Boolean(err)}
                          onInput={(e) => update(i, c.key, (e.target as HTMLInputElement).value)}
                        />
                      )}
                      {err ? <p class="field-error">{err}</p> : null}
                    </td>
                  );
                })}
                <td>
                  <button
                    type="button"
                    class="btn btn-small btn-ghost"
                    aria-label={`Remove row ${i + 1}`}
                    onClick={() => onChange(rows.filter((_, j) => j !== i))}
                  >
                    ✕
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {errors[errorPrefix] ? <p class="field-error">{errors[errorPrefix]}</p> : null}
      <div>
        <button type="button" class="btn btn-small" onClick={() => onChange([...rows, blank()])}>
          {addLabel}
        </button>
      </div>
    </fieldset>
  );
}
