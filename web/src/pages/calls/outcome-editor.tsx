import { useState } from 'preact/hooks';
import { ApiError, api } from '../../api/client.ts';
import type { Call, OutcomeList } from '../../api/types.ts';
import { useOptionalApi } from '../../lib/capabilities.tsx';
import { titleCase } from '../../lib/format.ts';
import { builtinOutcomes } from '../../lib/outcomes.ts';
import { useAction } from '../../lib/use-api.ts';

/**
 * Set or override the call's outcome with PATCH /v1/calls/{id}; the server's validation message
 * (422) is shown under the field.
 */
export function OutcomeEditor({ call, onSaved }: { call: Call; onSaved: (c: Call) => void }) {
  const outcomes = useOptionalApi<OutcomeList>('/v1/workspace/call-outcomes');
  const [value, setValue] = useState(call.outcome ?? '');
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const save = useAction(async () => {
    setFieldError(undefined);
    try {
      const updated = await api<Call>('PATCH', `/v1/calls/${call.id}`, { body: { outcome: value.trim() } });
      onSaved(updated);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) {
        setFieldError(e.fieldErrors().outcome ?? e.issues[0]?.msg ?? e.message);
        return;
      }
      throw e;
    }
  });
  const names = [
    ...new Set([
      ...(outcomes.data?.builtin ?? builtinOutcomes),
      ...(outcomes.data?.items ?? []).filter((o) => o.is_active).map((o) => o.name),
    ]),
  ];
  const source = (call.analysis as { outcome_source?: string } | null)?.outcome_source;
  return (
    <form
      class="outcome-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      <p class="outcome-current">
        <span class="outcome-value" data-testid="call-outcome">
          {call.outcome ? titleCase(call.outcome) : 'No outcome yet'}
        </span>
        {source ? (
          <span class="muted small"> · {source === 'manual' ? 'set by hand' : `from ${source}`}</span>
        ) : null}
      </p>
      <div class={`field${fieldError ? ' field-invalid' : ''}`}>
        <label for="outcome-input">Set outcome</label>
        <div class="inline-row">
          <input
            id="outcome-input"
            list="outcome-options"
            value={value}
            placeholder="e.g. interested"
            aria-invalid={Boolean(fieldError)}
            aria-describedby={fieldError ? 'outcome-error' : 'outcome-hint'}
            onInput={(e) => setValue((e.target as HTMLInputElement).value)}
          />
          <datalist id="outcome-options">
            {names.map((n) => (
              <option key={n} value={n}>
                {titleCase(n)}
              </option>
            ))}
          </datalist>
          <button
            type="submit"
            class="btn btn-primary"
            disabled={save.busy || !value.trim() || value.trim() === call.outcome}
          >
            {save.busy ? 'Saving…' : 'Save'}
          </button>
        </div>
        {fieldError ? (
          <p class="field-error" id="outcome-error" role="alert" data-testid="outcome-error">
            {fieldError}
          </p>
        ) : (
          <p class="field-hint" id="outcome-hint">
            A built-in or workspace outcome, or your own lowercase_underscore label.
          </p>
        )}
        {save.error ? (
          <p class="field-error" role="alert">
            {save.error.message}
          </p>
        ) : null}
      </div>
    </form>
  );
}
