import { useState } from 'preact/hooks';
import { ApiError } from '../api/client.ts';
import { FormError } from './form.tsx';

/**
 * A form's submit: busy flag, the error, and its 422 field messages (keyed like `messaging_config.to`).
 * `run` resolves true when the action succeeded.
 */
export function useSubmit(action: () => Promise<unknown>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>(undefined);
  const run = async (): Promise<boolean> => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      return true;
    } catch (e) {
      setError(e as Error);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const fields = error instanceof ApiError ? error.fieldErrors() : {};
  return {
    busy,
    error,
    fields,
    run,
    onSubmit: (e: Event) => {
      e.preventDefault();
      if (!busy) void run();
    },
  };
}

/** The form-level error, then Cancel (when given) and the submit button. */
export function FormFooter({
  error,
  busy,
  label,
  busyLabel = 'Saving…',
  disabled,
  onCancel,
}: {
  error: Error | undefined;
  busy: boolean;
  label: string;
  busyLabel?: string;
  disabled?: boolean;
  onCancel?: () => void;
}) {
  return (
    <>
      <FormError error={error} />
      <footer class="dialog-footer">
        {onCancel ? (
          <button type="button" class="btn" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        <button type="submit" class="btn btn-primary" disabled={busy || disabled}>
          {busy ? busyLabel : label}
        </button>
      </footer>
    </>
  );
}
