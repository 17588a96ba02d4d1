import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import type { KbJob, KbSource, KnowledgeBase } from '../../api/types.ts';
import { Badge } from '../../components/badge.tsx';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { DataTable, RowActions } from '../../components/data-table.tsx';
import { Details, PageHeader, Section } from '../../components/page.tsx';
import { Async } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { useOptionalApi } from '../../lib/capabilities.tsx';
import { formatBytes, formatDateTime, formatNumber, formatRelative } from '../../lib/format.ts';
import { navigate } from '../../lib/router.ts';
import { AddSource } from './add-source.tsx';

const pending = (j: KbJob) => j.status === 'queued' || j.status === 'running';

/** One knowledge base: add sources, watch ingestion jobs live, remove sources. */
export function KbDetail({ id }: { id: string }) {
  const kb = useOptionalApi<KnowledgeBase>(`/v1/knowledge-bases/${id}`);
  const jobs = useOptionalApi<KbJob[]>(`/v1/knowledge-bases/${id}/jobs`, {
    refreshMs: (d) => (d?.some(pending) ? 1000 : false),
  });
  const sources = useOptionalApi<KbSource[]>(`/v1/knowledge-bases/${id}/sources`, {
    refreshMs: (d) => (d?.some((s) => s.status === 'processing') ? 1500 : false),
  });
  const [removing, setRemoving] = useState<KbSource | 'kb' | undefined>(undefined);
  const refresh = () => {
    void jobs.reload();
    void sources.reload();
    void kb.reload();
  };
  return (
    <>
      <PageHeader
        title={kb.data?.name ?? 'Knowledge base'}
        back={{ href: '/knowledge-bases', label: 'Knowledge bases' }}
        actions={
          <button type="button" class="btn btn-danger-ghost" onClick={() => setRemoving('kb')}>
            Delete
          </button>
        }
      >
        {kb.data ? <span class="mono small">{kb.data.id}</span> : null}
      </PageHeader>
      <div class="two-col">
        <Section title="Add a source" id="add">
          <AddSource
            endpoint={`/v1/knowledge-bases/${id}/sources`}
            onAccepted={() => {
              toast('Source accepted; indexing…');
              refresh();
            }}
          />
        </Section>
        <Section title="Overview" id="overview">
          <Async state={kb} what="Loading…">
            {(k) => (
              <Details
                items={[
                  ['Sources', formatNumber(k.source_count as number)],
                  ['Tokens', formatNumber(k.token_count as number)],
                  ['Chunk size', `${k.chunk_size} tokens`],
                  ['Multilingual', k.multilingual ? 'yes' : 'no'],
                  ['Created', formatDateTime(k.created_at)],
                ]}
              />
            )}
          </Async>
        </Section>
      </div>
      <Section title="Ingestion jobs" id="jobs">
        <Async state={jobs} what="Loading jobs…">
          {(list) =>
            list.length === 0 ? (
              <p class="muted">No jobs yet. Add a source above.</p>
            ) : (
              <DataTable
                headers={['Job', 'Status', 'Chunks', 'Tokens', 'Started', 'Finished']}
                compact
                testId="kb-jobs"
              >
                {list.map((j) => (
                  <tr key={j.id}>
                    <td class="mono small">{j.id}</td>
                    <td>
                      <Badge value={j.status} />
                      {j.error_message ? <div class="field-error">{j.error_message}</div> : null}
                    </td>
                    <td>{formatNumber(j.payload?.chunks)}</td>
                    <td>{formatNumber(j.payload?.tokens)}</td>
                    <td>{formatRelative(j.started_at)}</td>
                    <td>{formatRelative(j.completed_at)}</td>
                  </tr>
                ))}
              </DataTable>
            )
          }
        </Async>
      </Section>
      <Section title="Sources" id="sources">
        <Async state={sources} what="Loading sources…">
          {(list) =>
            list.length === 0 ? (
              <p class="muted">No sources yet.</p>
            ) : (
              <DataTable headers={['Source', 'Type', 'Status', 'Chunks', 'Size']} actions compact>
                {list.map((s) => (
                  <tr key={s.id}>
                    <td class="small source-cell">
                      {s.file_name ??
                        (s.source && s.source.length > 80 ? `${s.source.slice(0, 80)}…` : s.source)}
                    </td>
                    <td>{s.type}</td>
                    <td>
                      <Badge value={s.status} />
                      {s.error_message ? <div class="field-error">{s.error_message}</div> : null}
                    </td>
                    <td>{formatNumber(s.chunk_count)}</td>
                    <td>{formatBytes(s.file_size)}</td>
                    <RowActions onDelete={() => setRemoving(s)} deleteLabel="Remove" />
                  </tr>
                ))}
              </DataTable>
            )
          }
        </Async>
      </Section>
      <ConfirmDialog
        open={removing !== undefined}
        title={removing === 'kb' ? `Delete ${kb.data?.name ?? 'knowledge base'}?` : 'Remove this source?'}
        confirmLabel={removing === 'kb' ? 'Delete' : 'Remove'}
        onClose={() => setRemoving(undefined)}
        onConfirm={async () => {
          if (removing === 'kb') {
            await api('DELETE', `/v1/knowledge-bases/${id}`);
            toast('Knowledge base deleted');
            navigate('/knowledge-bases');
          } else if (removing) {
            await api('DELETE', `/v1/knowledge-bases/${id}/sources/${removing.id}`);
            toast('Source removed');
            refresh();
          }
        }}
      >
        <p>
          {removing === 'kb'
            ? 'All its sources and chunks are deleted. Models that use it must drop it first.'
            : 'Its chunks are removed from the knowledge base.'}
        </p>
      </ConfirmDialog>
    </>
  );
}
