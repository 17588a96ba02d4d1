import type { ComponentChildren } from 'preact';

/** A table with its header row; `actions` adds an unlabeled last column (labelled for screen readers). */
export function DataTable({
  headers,
  actions,
  compact,
  children,
  testId,
}: {
  headers: string[];
  actions?: boolean;
  compact?: boolean;
  children: ComponentChildren;
  testId?: string;
}) {
  return (
    <table class={`table${compact ? ' table-compact' : ''}`} data-testid={testId}>
      <thead>
        <tr>
          {headers.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
          {actions ? (
            <th scope="col">
              <span class="sr-only">Actions</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** Edit / delete buttons at the end of a row. */
export function RowActions({
  onEdit,
  onDelete,
  deleteLabel = 'Delete',
  children,
}: {
  onEdit?: () => void;
  onDelete?: () => void;
  deleteLabel?: string;
  children?: ComponentChildren;
}) {
  return (
    <td class="row-actions">
      {children}
      {onEdit ? (
        <button type="button" class="btn btn-small" onClick={onEdit}>
          Edit
        </button>
      ) : null}
      {onDelete ? (
        <button type="button" class="btn btn-small btn-danger-ghost" onClick={onDelete}>
          {deleteLabel}
        </button>
      ) : null}
    </td>
  );
}
