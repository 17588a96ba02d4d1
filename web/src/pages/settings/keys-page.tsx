import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import type { ApiKey, PublishableKey } from '../../api/types.ts';
import { Badge } from '../../components/badge.tsx';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { DataTable, RowActions } from '../../components/data-table.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { TextField, Toggle } from '../../components/form.tsx';
import { FormFooter, useSubmit } from '../../components/form-footer.tsx';
import { LinesField } from '../../components/form-structured.tsx';
import { PageHeader, Section } from '../../components/page.tsx';
import { Async } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { Requires, useOptionalApi } from '../../lib/capabilities.tsx';
import { formatDateTime, formatRelative } from '../../lib/format.ts';
import { loadCredential } from '../../lib/session.ts';
import { NameDialog } from './key-create-dialog.tsx';

/** Secret keys (server use) and publishable keys (browsers, web calls only); full values are shown once. */
export function KeysPage() {
  return (
    <>
      <PageHeader title="API keys">
        Secret keys are for your servers. Publishable keys only start web calls, from the origins you allow.
      </PageHeader>
      <Requires ops={['GET /v1/api-keys']} what="Secret keys">
        <SecretKeys />
      </Requires>
      <Requires ops={['GET /v1/publishable-keys']} what="Publishable keys">
        <PublishableKeys />
      </Requires>
    </>
  );
}

function SecretKeys() {
  const state = useOptionalApi<ApiKey[]>('/v1/api-keys');
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | undefined>(undefined);
  const me = loadCredential();
  return (
    <Section
      title="Secret keys"
      id="secret"
      actions={
        <button type="button" class="btn btn-primary" onClick={() => setCreating(true)}>
          New secret key
        </button>
      }
    >
      <Async state={state} what="Loading keys…">
        {(keys) => (
          <DataTable headers={['Name', 'Key', 'Last used', 'Created']} actions compact>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>
                  {k.name} {k.is_admin ? <span class="badge badge-info">admin</span> : null}
                  {me?.keyId === k.id ? <span class="badge badge-neutral">this tab</span> : null}
                </td>
                <td class="mono small">{k.key_prefix}…</td>
                <td>{formatRelative(k.last_used_at)}</td>
                <td>{formatDateTime(k.created_at)}</td>
                <RowActions onDelete={() => setRevoking(k)} deleteLabel="Revoke" />
              </tr>
            ))}
          </DataTable>
        )}
      </Async>
      <NameDialog
        open={creating}
        title="New secret key"
        onClose={() => {
          setCreating(false);
          void state.reload();
        }}
        onCreate={async (name) => (await api<ApiKey>('POST', '/v1/api-keys', { body: { name } })).key!}
      />
      <ConfirmDialog
        open={revoking !== undefined}
        title={`Revoke ${revoking?.name ?? 'key'}?`}
        confirmLabel="Revoke"
        onClose={() => setRevoking(undefined)}
        onConfirm={async () => {
          await api('DELETE', `/v1/api-keys/${revoking!.id}`);
          toast('Key revoked');
          await state.reload();
        }}
      >
        <p>
          Anything using this key stops working immediately.
          {me?.keyId === revoking?.id ? ' This tab is signed in with it and will be signed out.' : ''}
        </p>
      </ConfirmDialog>
    </Section>
  );
}

function PublishableKeys() {
  const state = useOptionalApi<PublishableKey[]>('/v1/publishable-keys');
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<PublishableKey | undefined>(undefined);
  const [revoking, setRevoking] = useState<PublishableKey | undefined>(undefined);
  return (
    <Section
      title="Publishable keys"
      id="publishable"
      actions={
        <button type="button" class="btn btn-primary" onClick={() => setCreating(true)}>
          New publishable key
        </button>
      }
    >
      <Async state={state} what="Loading keys…">
        {(keys) =>
          keys.length === 0 ? (
            <p class="muted">None yet. Create one to start web calls from a website with the web SDK.</p>
          ) : (
            <DataTable headers={['Name', 'Key', 'Allowed origins', 'Status']} actions compact>
              {keys.map((k) => (
                <tr key={k.id}>
                  <td>{k.name}</td>
                  <td class="mono small">{k.key_prefix}…</td>
                  <td class="small">
                    {k.allowed_origins.length ? (
                      k.allowed_origins.join(', ')
                    ) : (
                      <span class="badge badge-warn">any origin</span>
                    )}
                  </td>
                  <td>
                    <Badge value={k.is_active ? 'active' : 'disabled'} />
                  </td>
                  <RowActions
                    onEdit={() => setEditing(k)}
                    onDelete={() => setRevoking(k)}
                    deleteLabel="Revoke"
                  />
                </tr>
              ))}
            </DataTable>
          )
        }
      </Async>
      <NameDialog
        open={creating}
        title="New publishable key"
        onClose={() => {
          setCreating(false);
          void state.reload();
        }}
        onCreate={async (name, origins) =>
          (
            await api<PublishableKey>('POST', '/v1/publishable-keys', {
              body: { name, allowed_origins: origins },
            })
          ).key!
        }
      />
      <Dialog
        open={editing !== undefined}
        title={`Edit ${editing?.name ?? ''}`}
        onClose={() => setEditing(undefined)}
      >
        {editing ? (
          <PublishableEdit
            k={editing}
            onDone={() => {
              setEditing(undefined);
              void state.reload();
            }}
          />
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={revoking !== undefined}
        title={`Revoke ${revoking?.name ?? 'key'}?`}
        confirmLabel="Revoke"
        onClose={() => setRevoking(undefined)}
        onConfirm={async () => {
          await api('DELETE', `/v1/publishable-keys/${revoking!.id}`);
          toast('Key revoked');
          await state.reload();
        }}
      >
        <p>Websites using it can no longer start calls. To pause it instead, edit it and turn it off.</p>
      </ConfirmDialog>
    </Section>
  );
}

function PublishableEdit({ k, onDone }: { k: PublishableKey; onDone: () => void }) {
  const [name, setName] = useState(k.name);
  const [origins, setOrigins] = useState(k.allowed_origins);
  const [active, setActive] = useState(k.is_active);
  const submit = useSubmit(async () => {
    await api('PATCH', `/v1/publishable-keys/${k.id}`, {
      body: { name: name.trim(), allowed_origins: origins, is_active: active },
    });
    toast('Key saved');
    onDone();
  });
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <div class="grid">
        <TextField label="Name" value={name} onInput={setName} error={submit.fields.name} />
        <LinesField
          label="Allowed origins"
          value={origins}
          onChange={setOrigins}
          error={submit.fields.allowed_origins}
          hint="Replaces the whole list. Empty = any origin."
        />
        <Toggle
          label="Active"
          checked={active}
          onChange={setActive}
          hint="Off pauses the key without revoking it."
        />
      </div>
      <FormFooter
        error={submit.error}
        busy={submit.busy}
        label="Save"
        onCancel={onDone}
        disabled={!name.trim()}
      />
    </form>
  );
}
