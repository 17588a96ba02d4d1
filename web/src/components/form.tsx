import type { ComponentChildren, JSX } from 'preact';
import { useId, useState } from 'preact/hooks';

/** Label + control + hint + inline error, wired with ids for screen readers. */
export function Field({
  label,
  hint,
  error,
  children,
  wide,
}: {
  label: string;
  hint?: ComponentChildren;
  error?: string | undefined;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren;
  wide?: boolean;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errId = error ? `${id}-err` : undefined;
  const describedBy = [hintId, errId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${wide ? ' field-wide' : ''}${error ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children({ id, describedBy, invalid: Boolean(error) })}
      {hint ? (
        <p class="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={errId} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type Common = { label: string; hint?: ComponentChildren; error?: string | undefined; wide?: boolean };

export function TextField({
  value,
  onInput,
  type = 'text',
  placeholder,
  required,
  autoComplete,
  ...f
}: Common & {
  value: string;
  onInput: (v: string) => void;
  type?: string;
  placeholder?: string;
  required?: boolean;
  autoComplete?: string;
}) {
  return (
    <Field {...f}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type={type}
          value={value}
          placeholder={placeholder}
          required={required}
          autoComplete={autoComplete}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          onInput={(e) => onInput((e.target as HTMLInputElement).value)}
        />
      )}
    </Field>
  );
}

export function TextArea({
  value,
  onInput,
  rows = 4,
  placeholder,
  mono,
  ...f
}: Common & {
  value: string;
  onInput: (v: string) => void;
  rows?: number;
  placeholder?: string;
  mono?: boolean;
}) {
  return (
    <Field {...f}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          rows={rows}
          value={value}
          placeholder={placeholder}
          class={mono ? 'mono' : undefined}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          onInput={(e) => onInput((e.target as HTMLTextAreaElement).value)}
        />
      )}
    </Field>
  );
}

/** A number input that keeps what the user typed (blank = null) and reports numbers. */
export function NumberField({
  value,
  onChange,
  min,
  max,
  step,
  ...f
}: Common & {
  value: number | null;
  onChange: (v: number | null) => void;
  min?: number;
  max?: number;
  step?: number;
}) {
  const [text, setText] = useState(value === null ? '' : String(value));
  const shown = text !== '' && Number(text) === value ? text : value === null ? text : String(value);
  return (
    <Field {...f}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type="number"
          inputMode="decimal"
          value={shown}
          min={min}
          max={max}
          step={step ?? 'any'}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          onInput={(e) => {
            const v = (e.target as HTMLInputElement).value;
            setText(v);
            onChange(v === '' ? null : Number(v));
          }}
        />
      )}
    </Field>
  );
}

/** A range slider with its value shown next to it. */
export function SliderField({
  value,
  onChange,
  min,
  max,
  step,
  format,
  ...f
}: Common & {
  value: number;
  onChange: (v: number) => void;
  min: number;
  max: number;
  step: number;
  format?: (v: number) => string;
}) {
  return (
    <Field {...f}>
      {({ id, describedBy }) => (
        <div class="slider">
          <input
            id={id}
            type="range"
            min={min}
            max={max}
            step={step}
            value={value}
            aria-describedby={describedBy}
            aria-valuetext={format ? format(value) : String(value)}
            onInput={(e) => onChange(Number((e.target as HTMLInputElement).value))}
          />
          <output for={id}>{format ? format(value) : value}</output>
        </div>
      )}
    </Field>
  );
}

export function SelectField({
  value,
  onChange,
  options,
  ...f
}: Common & {
  value: string;
  onChange: (v: string) => void;
  options: { value: string; label: string; disabled?: boolean }[];
}) {
  return (
    <Field {...f}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          value={value}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          onChange={(e) => onChange((e.target as HTMLSelectElement).value)}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value} disabled={o.disabled}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A checkbox styled as a switch; the label is clickable. */
export function Toggle({
  label,
  checked,
  onChange,
  hint,
  error,
}: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  hint?: ComponentChildren;
  error?: string | undefined;
}) {
  const id = useId();
  return (
    <div class={`field field-toggle${error ? ' field-invalid' : ''}`}>
      <label class="toggle" for={id}>
        <input
          id={id}
          type="checkbox"
          role="switch"
          checked={checked}
          aria-checked={checked}
          aria-describedby={hint ? `${id}-hint` : undefined}
          onChange={(e) => onChange((e.target as HTMLInputElement).checked)}
        />
        <span class="toggle-track" aria-hidden="true" />
        <span>{label}</span>
      </label>
      {hint ? (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A form-level error (anything not tied to a field). */
export function FormError({ error, fields }: { error: Error | undefined; fields?: Record<string, string> }) {
  if (!error) return null;
  const extra = fields ? Object.entries(fields) : [];
  return (
    <div class="banner banner-error" role="alert">
      <strong>{error.message}</strong>
      {extra.length > 1 ? (
        <ul>
          {extra.map(([k, v]) => (
            <li key={k}>
              <code>{k}</code>: {v}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export type SubmitEvent = JSX.TargetedEvent<HTMLFormElement, Event>;
