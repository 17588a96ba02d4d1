import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { type Integration, type Page, type Tool, toolTypeLabels } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { DataTable, RowActions } from '../../components/data-table.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { PageHeader } from '../../components/page.tsx';
import { OffsetPager } from '../../components/pager.tsx';
import { Async, Empty } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { Requires, useOptionalApi } from '../../lib/capabilities.tsx';
import { formatRelative, humanize } from '../../lib/format.ts';
import { useList } from '../../lib/use-list.ts';
import { ToolForm } from './tool-form.tsx';

const limit = 20;

export function ToolsPage() {
  return (
    <>
      <PageHeader title="Tools">
        Functions your agents can call mid-conversation. Attach them to a model on the agent page.
      </PageHeader>
      <Requires ops={['GET /v1/tools', 'POST /v1/tools']} what="Tools">
        <ToolsTable />
      </Requires>
    </>
  );
}

function ToolsTable() {
  const [offset, setOffset] = useState(0);
  const state = useOptionalApi<Page<Tool>>(`/v1/tools?limit=${limit}&offset=${offset}`);
  const integrations = useList<Integration>('/v1/integrations');
  const [editing, setEditing] = useState<Tool | 'new' | undefined>(undefined);
  const [deleting, setDeleting] = useState<Tool | undefined>(undefined);
  const newButton = (
    <button type="button" class="btn btn-primary" onClick={() => setEditing('new')}>
      New tool
    </button>
  );
  return (
    <>
      <div class="toolbar">{newButton}</div>
      <Async state={state} what="Loading tools…">
        {(page) =>
          page.total === 0 ? (
            <Empty title="No tools yet">
              <p>
                Give agents abilities: look things up over HTTP, transfer, hang up, text, email, book, extract
                data.
              </p>
              {newButton}
            </Empty>
          ) : (
            <div class="card card-flush">
              <DataTable headers={['Name', 'Type', 'When to use', 'Updated']} actions>
                {page.items.map((t) => (
                  <tr key={t.id}>
                    <td data-label="Name">
                      <button type="button" class="linklike row-title mono" onClick={() => setEditing(t)}>
                        {t.name}
                      </button>
                    </td>
                    <td data-label="Type">
                      <span class="chip">{toolTypeLabels[t.type] ?? humanize(t.type)}</span>
                    </td>
                    <td data-label="When to use" class="muted">
                      {t.description ?? '—'}
                    </td>
                    <td data-label="Updated">{formatRelative(t.updated_at)}</td>
                    <RowActions onEdit={() => setEditing(t)} onDelete={() => setDeleting(t)} />
                  </tr>
                ))}
              </DataTable>
              <OffsetPager offset={offset} limit={limit} total={page.total} onChange={setOffset} />
            </div>
          )
        }
      </Async>
      <Dialog
        wide
        open={editing !== undefined}
        title={editing === 'new' ? 'New tool' : `Edit ${editing?.name ?? ''}`}
        onClose={() => setEditing(undefined)}
      >
        <ToolForm
          key={editing === 'new' ? 'new' : editing?.id}
          tool={editing === 'new' ? undefined : editing}
          integrations={integrations.items ?? []}
          onCancel={() => setEditing(undefined)}
          onSaved={(t) => {
            toast(editing === 'new' ? `Tool “${t.name}” created` : 'Tool saved');
            setEditing(undefined);
            void state.reload();
          }}
        />
      </Dialog>
      <ConfirmDialog
        open={deleting !== undefined}
        title={`Delete ${deleting?.name ?? 'tool'}?`}
        onClose={() => setDeleting(undefined)}
        onConfirm={async () => {
          await api('DELETE', `/v1/tools/${deleting!.id}`);
          toast('Tool deleted');
          await state.reload();
        }}
      >
        <p>Models that use this tool must drop it first.</p>
      </ConfirmDialog>
    </>
  );
}
