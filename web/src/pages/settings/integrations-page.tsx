import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import type { Integration, Page } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { DataTable, RowActions } from '../../components/data-table.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { SelectField, TextField } from '../../components/form.tsx';
import { FormFooter, useSubmit } from '../../components/form-footer.tsx';
import { JsonField } from '../../components/form-structured.tsx';
import { PageHeader } from '../../components/page.tsx';
import { Async, Empty } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { Requires, useOptionalApi } from '../../lib/capabilities.tsx';
import { formatDateTime } from '../../lib/format.ts';

const providers = [
  'openai',
  'anthropic',
  'groq',
  'gemini',
  'deepgram',
  'elevenlabs',
  'cartesia',
  'twilio',
  'telnyx',
  'resend',
  'sendgrid',
  'calcom',
  'whisper',
  'assembly_ai',
  'azure',
  'shisa',
  'minimax',
];
const metadataHints: Record<string, string> = {
  twilio: 'Needs {"account_sid": "AC…"}; the key is the auth token.',
  resend: 'Needs {"from": "you@your-verified-domain.com"}.',
  sendgrid: 'Needs {"from": "you@your-verified-domain.com"}.',
};

/** Bring-your-own provider keys: stored encrypted, shown only masked; used by models, voices, numbers and tools. */
export function IntegrationsPage() {
  return (
    <>
      <PageHeader title="Integrations">
        Your own provider keys. They override the server’s platform keys for this workspace.
      </PageHeader>
      <Requires ops={['GET /v1/integrations', 'POST /v1/integrations']} what="Integrations">
        <Integrations />
      </Requires>
    </>
  );
}

function Integrations() {
  const state = useOptionalApi<Page<Integration>>('/v1/integrations?limit=100');
  const [editing, setEditing] = useState<Integration | 'new' | undefined>(undefined);
  const [deleting, setDeleting] = useState<Integration | undefined>(undefined);
  const add = (
    <button type="button" class="btn btn-primary" onClick={() => setEditing('new')}>
      Add integration
    </button>
  );
  return (
    <>
      <div class="toolbar">{add}</div>
      <Async state={state} what="Loading integrations…">
        {(page) =>
          page.items.length === 0 ? (
            <Empty title="No integrations">
              <p>Add an OpenAI, Anthropic, Deepgram, ElevenLabs, Twilio, … key to use your own accounts.</p>
              {add}
            </Empty>
          ) : (
            <div class="card card-flush">
              <DataTable headers={['Name', 'Provider', 'Key', 'Updated']} actions>
                {page.items.map((i) => (
                  <tr key={i.id}>
                    <td data-label="Name" class="row-title">
                      {i.name}
                      <div class="muted mono small">{i.id}</div>
                    </td>
                    <td data-label="Provider">
                      <span class="chip">{i.provider}</span>
                    </td>
                    <td data-label="Key" class="mono small">
                      {i.masked_key}
                    </td>
                    <td data-label="Updated">{formatDateTime(i.updated_at)}</td>
                    <RowActions onEdit={() => setEditing(i)} onDelete={() => setDeleting(i)} />
                  </tr>
                ))}
              </DataTable>
            </div>
          )
        }
      </Async>
      <Dialog
        open={editing !== undefined}
        title={editing === 'new' ? 'Add integration' : 'Edit integration'}
        onClose={() => setEditing(undefined)}
      >
        <IntegrationForm
          key={editing === 'new' ? 'new' : editing?.id}
          integration={editing === 'new' ? undefined : editing}
          onCancel={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            toast('Integration saved');
            void state.reload();
          }}
        />
      </Dialog>
      <ConfirmDialog
        open={deleting !== undefined}
        title={`Delete ${deleting?.name ?? 'integration'}?`}
        onClose={() => setDeleting(undefined)}
        onConfirm={async () => {
          await api('DELETE', `/v1/integrations/${deleting!.id}`);
          toast('Integration deleted');
          await state.reload();
        }}
      >
        <p>
          The encrypted key is erased. Models, voices, numbers or tools that use it must be changed first.
        </p>
      </ConfirmDialog>
    </>
  );
}

function IntegrationForm({
  integration,
  onSaved,
  onCancel,
}: {
  integration?: Integration | undefined;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(integration?.name ?? '');
  const [provider, setProvider] = useState(integration?.provider ?? 'openai');
  const [key, setKey] = useState('');
  const [metadata, setMetadata] = useState<Record<string, unknown>>(integration?.metadata ?? {});
  const [metaOk, setMetaOk] = useState(true);
  const submit = useSubmit(async () => {
    if (integration)
      await api('PATCH', `/v1/integrations/${integration.id}`, {
        body: { name: name.trim(), metadata, ...(key.trim() ? { api_key: key.trim() } : {}) },
      });
    else
      await api('POST', '/v1/integrations', {
        body: { name: name.trim(), provider, api_key: key.trim(), metadata },
      });
    onSaved();
  });
  const errs = submit.fields;
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <div class="grid">
        <TextField
          label="Name"
          value={name}
          onInput={setName}
          error={errs.name}
          placeholder="Production OpenAI"
        />
        <SelectField
          label="Provider"
          value={provider}
          onChange={setProvider}
          error={errs.provider}
          options={providers.map((p) => ({
            value: p,
            label: p,
            disabled: Boolean(integration) && p !== provider,
          }))}
        />
        <TextField
          label={integration ? 'New API key (leave blank to keep)' : 'API key'}
          type="password"
          autoComplete="off"
          value={key}
          onInput={setKey}
          error={errs.api_key}
          hint={
            integration
              ? `Current: ${integration.masked_key}`
              : 'Encrypted at rest; only a masked form is ever shown.'
          }
        />
        <JsonField
          label="Metadata"
          value={metadata}
          onChange={(v, ok) => {
            setMetaOk(ok);
            if (ok) setMetadata(v);
          }}
          error={Object.entries(errs).find(([k]) => k.startsWith('metadata'))?.[1]}
          hint={
            metadataHints[provider] ??
            'Optional, e.g. {"base_url": "http://localhost:11434/v1"} for a compatible server.'
          }
        />
      </div>
      <FormFooter
        error={submit.error}
        busy={submit.busy}
        label="Save"
        onCancel={onCancel}
        disabled={!metaOk || !name.trim() || (!integration && !key.trim())}
      />
    </form>
  );
}
