import type { ComponentChildren } from 'preact';
import { ApiError } from '../api/client.ts';
import { useAction } from '../lib/use-api.ts';
import { Dialog } from './dialog.tsx';

/**
 * "Are you sure?" for destructive actions; the server's refusal (e.g. 409 with the ids that still
 * reference the resource) is shown inside the dialog.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel = 'Delete',
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children: ComponentChildren;
  confirmLabel?: string;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
}) {
  const act = useAction(async () => {
    await onConfirm();
    onClose();
  });
  const err = act.error;
  const conflict = err instanceof ApiError && err.status === 409;
  return (
    <Dialog
      title={title}
      open={open}
      onClose={() => {
        act.setError(undefined);
        onClose();
      }}
    >
      <div class="dialog-content">{children}</div>
      {err ? (
        <div class="banner banner-error" role="alert" data-testid="confirm-error">
          <strong>{conflict ? 'Cannot delete: it is still in use' : 'The request failed'}</strong>
          <p>{err.message}</p>
          {err instanceof ApiError && err.details ? <ReferencingIds details={err.details} /> : null}
        </div>
      ) : null}
      <footer class="dialog-footer">
        <button type="button" class="btn" onClick={onClose}>
          {conflict ? 'Close' : 'Cancel'}
        </button>
        {conflict ? null : (
          <button type="button" class="btn btn-danger" disabled={act.busy} onClick={() => void act.run()}>
            {act.busy ? 'Working…' : confirmLabel}
          </button>
        )}
      </footer>
    </Dialog>
  );
}

/** The `details` of a 409: lists of ids that still point at the resource. */
function ReferencingIds({ details }: { details: Record<string, unknown> }) {
  const lists = Object.entries(details).filter(([, v]) => Array.isArray(v) && v.length > 0) as [
    string,
    unknown[],
  ][];
  if (lists.length === 0) return null;
  return (
    <ul>
      {lists.map(([k, ids]) => (
        <li key={k}>
          {k.replace(/_/g, ' ')}:{' '}
          {ids.map((i) => (
            <code key={String(i)}>{String(i)} </code>
          ))}
        </li>
      ))}
    </ul>
  );
}
