import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { TextArea } from './form.tsx';

/** Fields whose value is a list or an object (phrases, origins, JSON, multi-select). */
type Common = { label: string; hint?: ComponentChildren; error?: string | undefined; wide?: boolean };

/** A list of short strings edited one per line (phrases, origins). */
export function LinesField({
  value,
  onChange,
  rows = 3,
  placeholder,
  ...f
}: Common & { value: string[]; onChange: (v: string[]) => void; rows?: number; placeholder?: string }) {
  const [text, setText] = useState(value.join('\n'));
  return (
    <TextArea
      {...f}
      rows={rows}
      {...(placeholder ? { placeholder } : {})}
      value={text}
      onInput={(t) => {
        setText(t);
        onChange(
          t
            .split('\n')
            .map((s) => s.trim())
            .filter(Boolean),
        );
      }}
    />
  );
}

/** A JSON object editor: keeps the text, reports a parse error inline, hands valid objects up. */
export function JsonField({
  value,
  onChange,
  rows = 4,
  ...f
}: Common & {
  value: Record<string, unknown>;
  onChange: (v: Record<string, unknown>, valid: boolean) => void;
  rows?: number;
}) {
  const [text, setText] = useState(() => (Object.keys(value).length ? JSON.stringify(value, null, 2) : '{}'));
  const [parseError, setParseError] = useState<string | undefined>(undefined);
  return (
    <TextArea
      {...f}
      mono
      rows={rows}
      value={text}
      error={parseError ?? f.error}
      onInput={(t) => {
        setText(t);
        try {
          const v = JSON.parse(t || '{}') as unknown;
          if (typeof v !== 'object' || v === null || Array.isArray(v))
            throw new Error('Must be a JSON object, e.g. {"key": "value"}');
          setParseError(undefined);
          onChange(v as Record<string, unknown>, true);
        } catch (e) {
          setParseError(e instanceof SyntaxError ? `Not valid JSON: ${e.message}` : (e as Error).message);
          onChange(value, false);
        }
      }}
    />
  );
}

/** Checkboxes for picking several ids (tools, knowledge bases, events). */
export function CheckboxList({
  legend,
  options,
  value,
  onChange,
  empty,
  error,
}: {
  legend: string;
  options: { value: string; label: string; hint?: string }[];
  value: string[];
  onChange: (v: string[]) => void;
  empty?: ComponentChildren;
  error?: string | undefined;
}) {
  return (
    <fieldset class={`field field-wide checkbox-list${error ? ' field-invalid' : ''}`}>
      <legend>{legend}</legend>
      {options.length === 0 ? <p class="field-hint">{empty ?? 'Nothing to choose from yet.'}</p> : null}
      {options.map((o) => (
        <label key={o.value} class="check">
          <input
            type="checkbox"
            checked={value.includes(o.value)}
            onChange={(e) =>
              onChange(
                (e.target as HTMLInputElement).checked
                  ? [...value, o.value]
                  : value.filter((v) => v !== o.value),
              )
            }
          />
          <span>
            {o.label}
            {o.hint ? <small> {o.hint}</small> : null}
          </span>
        </label>
      ))}
      {error ? (
        <p class="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
