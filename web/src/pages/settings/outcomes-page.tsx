import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import type { CallOutcome, OutcomeList } from '../../api/types.ts';
import { Badge } from '../../components/badge.tsx';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { DataTable, RowActions } from '../../components/data-table.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { TextArea, TextField, Toggle } from '../../components/form.tsx';
import { FormFooter, useSubmit } from '../../components/form-footer.tsx';
import { PageHeader, Section } from '../../components/page.tsx';
import { Async } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { Requires, useOptionalApi } from '../../lib/capabilities.tsx';
import { titleCase } from '../../lib/format.ts';

export function OutcomesPage() {
  return (
    <>
      <PageHeader title="Outcomes">
        After each call the analysis picks one active outcome; you can override it on the call page.
      </PageHeader>
      <Requires ops={['GET /v1/workspace/call-outcomes', 'POST /v1/workspace/call-outcomes']} what="Outcomes">
        <Outcomes />
      </Requires>
    </>
  );
}

function Outcomes() {
  const state = useOptionalApi<OutcomeList>('/v1/workspace/call-outcomes');
  const [editing, setEditing] = useState<CallOutcome | 'new' | undefined>(undefined);
  const [deleting, setDeleting] = useState<CallOutcome | undefined>(undefined);
  const toggle = async (o: CallOutcome) => {
    try {
      await api('PATCH', `/v1/workspace/call-outcomes/${o.id}`, { body: { is_active: !o.is_active } });
      await state.reload();
    } catch (e) {
      toast((e as Error).message, 'error');
    }
  };
  return (
    <Async state={state} what="Loading outcomes…">
      {(list) => (
        <>
          <Section title="Built in" id="builtin">
            <div class="chips">
              {list.builtin.map((b) => (
                <span key={b} class="chip" title={b}>
                  {titleCase(b)}
                </span>
              ))}
            </div>
          </Section>
          <Section
            title="Your outcomes"
            id="custom"
            actions={
              <button type="button" class="btn btn-primary" onClick={() => setEditing('new')}>
                New outcome
              </button>
            }
          >
            {list.items.length === 0 ? (
              <p class="muted">
                None yet. Add labels such as “Demo scheduled” or “Hot lead”; the analysis will use them too.
              </p>
            ) : (
              <DataTable headers={['Label', 'Name', 'Description', 'Active']} actions compact>
                {list.items.map((o) => (
                  <tr key={o.id}>
                    <td>{o.label}</td>
                    <td class="mono small">{o.name}</td>
                    <td class="muted">{o.description ?? '—'}</td>
                    <td>
                      <button
                        type="button"
                        class="linklike"
                        aria-pressed={o.is_active}
                        onClick={() => void toggle(o)}
                        title={o.is_active ? 'Deactivate' : 'Activate'}
                      >
                        <Badge value={o.is_active ? 'active' : 'inactive'} />
                      </button>
                    </td>
                    <RowActions onEdit={() => setEditing(o)} onDelete={() => setDeleting(o)} />
                  </tr>
                ))}
              </DataTable>
            )}
          </Section>
          <Dialog
            open={editing !== undefined}
            title={editing === 'new' ? 'New outcome' : 'Edit outcome'}
            onClose={() => setEditing(undefined)}
          >
            <OutcomeForm
              key={editing === 'new' ? 'new' : editing?.id}
              outcome={editing === 'new' ? undefined : editing}
              onCancel={() => setEditing(undefined)}
              onSaved={() => {
                setEditing(undefined);
                toast('Outcome saved');
                void state.reload();
              }}
            />
          </Dialog>
          <ConfirmDialog
            open={deleting !== undefined}
            title={`Delete “${deleting?.label ?? ''}”?`}
            onClose={() => setDeleting(undefined)}
            onConfirm={async () => {
              await api('DELETE', `/v1/workspace/call-outcomes/${deleting!.id}`);
              toast('Outcome deleted');
              await state.reload();
            }}
          >
            <p>
              Calls already labelled with it keep the label. To only stop new analyses from using it,
              deactivate it instead.
            </p>
          </ConfirmDialog>
        </>
      )}
    </Async>
  );
}

function OutcomeForm({
  outcome,
  onSaved,
  onCancel,
}: {
  outcome?: CallOutcome | undefined;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [label, setLabel] = useState(outcome?.label ?? '');
  const [name, setName] = useState(outcome?.name ?? '');
  const [description, setDescription] = useState(outcome?.description ?? '');
  const [active, setActive] = useState(outcome?.is_active ?? true);
  const submit = useSubmit(async () => {
    if (outcome)
      await api('PATCH', `/v1/workspace/call-outcomes/${outcome.id}`, {
        body: { label: label.trim(), description: description.trim() || null, is_active: active },
      });
    else
      await api('POST', '/v1/workspace/call-outcomes', {
        body: {
          label: label.trim(),
          ...(name.trim() ? { name: name.trim() } : {}),
          ...(description.trim() ? { description: description.trim() } : {}),
        },
      });
    onSaved();
  });
  const errors = submit.fields;
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <div class="grid">
        <TextField
          label="Label"
          value={label}
          onInput={setLabel}
          error={errors.label}
          placeholder="Demo scheduled"
        />
        {outcome ? (
          <p class="field-hint">
            Name: <code>{outcome.name}</code> (fixed)
          </p>
        ) : (
          <TextField
            label="Name"
            value={name}
            onInput={setName}
            error={errors.name}
            placeholder="derived from the label"
            hint="lowercase_underscore; stored on calls."
          />
        )}
        <TextArea
          label="Description"
          value={description}
          onInput={setDescription}
          error={errors.description}
          rows={2}
          hint="Helps the analysis decide when it applies."
        />
        {outcome ? <Toggle label="Active" checked={active} onChange={setActive} /> : null}
      </div>
      <FormFooter
        error={submit.error}
        busy={submit.busy}
        label="Save"
        onCancel={onCancel}
        disabled={!label.trim()}
      />
    </form>
  );
}
