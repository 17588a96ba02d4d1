import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import type { KnowledgeBase, Page } from '../../api/types.ts';
import { DataTable } from '../../components/data-table.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { NumberField, TextField, Toggle } from '../../components/form.tsx';
import { FormFooter, useSubmit } from '../../components/form-footer.tsx';
import { Link } from '../../components/link.tsx';
import { PageHeader } from '../../components/page.tsx';
import { OffsetPager } from '../../components/pager.tsx';
import { Async, Empty } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { Requires, useOptionalApi } from '../../lib/capabilities.tsx';
import { formatNumber, formatRelative } from '../../lib/format.ts';
import { navigate } from '../../lib/router.ts';
import { AddSource } from './add-source.tsx';

const limit = 20;

export function KnowledgeBasesPage() {
  return (
    <>
      <PageHeader title="Knowledge bases">
        Documents, pages and notes your agents can draw on. Attach them to a model on the agent page.
      </PageHeader>
      <Requires ops={['GET /v1/knowledge-bases', 'POST /v1/knowledge-bases']} what="Knowledge bases">
        <KbTable />
      </Requires>
    </>
  );
}

function KbTable() {
  const [offset, setOffset] = useState(0);
  const state = useOptionalApi<Page<KnowledgeBase>>(`/v1/knowledge-bases?limit=${limit}&offset=${offset}`);
  const [dialog, setDialog] = useState<'create' | 'upload' | undefined>(undefined);
  const actions = (
    <div class="row-gap">
      <button type="button" class="btn btn-primary" onClick={() => setDialog('upload')}>
        Upload a source
      </button>
      <button type="button" class="btn" onClick={() => setDialog('create')}>
        New empty knowledge base
      </button>
    </div>
  );
  return (
    <>
      <div class="toolbar">{actions}</div>
      <Async state={state} what="Loading knowledge bases…">
        {(page) =>
          page.total === 0 ? (
            <Empty title="No knowledge bases yet">
              <p>
                Upload a PDF, Word or Excel file, a web page or some text; the knowledge base is created for
                you.
              </p>
              {actions}
            </Empty>
          ) : (
            <div class="card card-flush">
              <DataTable headers={['Name', 'Sources', 'Tokens', 'Chunk size', 'Updated']}>
                {page.items.map((k) => (
                  <tr key={k.id}>
                    <td data-label="Name">
                      <Link href={`/knowledge-bases/${k.id}`} class="row-title">
                        {k.name}
                      </Link>
                      {k.multilingual ? <span class="badge badge-info">multilingual</span> : null}
                    </td>
                    <td data-label="Sources">{formatNumber(k.source_count as number | undefined)}</td>
                    <td data-label="Tokens">{formatNumber(k.token_count as number | undefined)}</td>
                    <td data-label="Chunk size">{k.chunk_size}</td>
                    <td data-label="Updated">
                      {formatRelative((k.updated_at as string | undefined) ?? k.created_at)}
                    </td>
                  </tr>
                ))}
              </DataTable>
              <OffsetPager offset={offset} limit={limit} total={page.total} onChange={setOffset} />
            </div>
          )
        }
      </Async>
      <Dialog open={dialog === 'upload'} title="Upload a source" onClose={() => setDialog(undefined)}>
        <p class="muted small">
          A new knowledge base is created, named after the file, the page’s domain or the text.
        </p>
        <AddSource
          endpoint="/v1/knowledge-bases/sources"
          withName
          onAccepted={(r) => {
            toast('Source accepted; indexing…');
            navigate(`/knowledge-bases/${r.knowledge_base_id}`);
          }}
        />
      </Dialog>
      <Dialog open={dialog === 'create'} title="New knowledge base" onClose={() => setDialog(undefined)}>
        <CreateKb onCancel={() => setDialog(undefined)} />
      </Dialog>
    </>
  );
}

function CreateKb({ onCancel }: { onCancel: () => void }) {
  const [name, setName] = useState('');
  const [chunk, setChunk] = useState<number | null>(512);
  const [multi, setMulti] = useState(false);
  const submit = useSubmit(async () => {
    const kb = await api<KnowledgeBase>('POST', '/v1/knowledge-bases', {
      body: { name: name.trim(), ...(chunk ? { chunk_size: chunk } : {}), multilingual: multi },
    });
    navigate(`/knowledge-bases/${kb.id}`);
  });
  const errs = submit.fields;
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <div class="grid">
        <TextField label="Name" value={name} onInput={setName} error={errs.name} placeholder="Product docs" />
        <NumberField
          label="Chunk size (tokens)"
          value={chunk}
          onChange={setChunk}
          step={1}
          error={errs.chunk_size}
          hint="512 is a good default; smaller = more precise hits."
        />
        <Toggle
          label="Multilingual"
          checked={multi}
          onChange={setMulti}
          hint="For non-English content or callers."
        />
      </div>
      <FormFooter
        error={submit.error}
        busy={submit.busy}
        label="Create"
        busyLabel="Creating…"
        onCancel={onCancel}
        disabled={!name.trim()}
      />
    </form>
  );
}
