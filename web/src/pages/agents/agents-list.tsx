import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import type { Agent, LlmModel, Page, Voice } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { DataTable, RowActions } from '../../components/data-table.tsx';
import { Link } from '../../components/link.tsx';
import { PageHeader } from '../../components/page.tsx';
import { OffsetPager } from '../../components/pager.tsx';
import { Async, Empty } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { formatRelative } from '../../lib/format.ts';
import { navigate, setQuery, useLocation } from '../../lib/router.ts';
import { useAction, useApi } from '../../lib/use-api.ts';
import { byId, useList } from '../../lib/use-list.ts';
import { duplicateAgent } from './duplicate.ts';

const limit = 20;

/** Agents: the list with voice and model names, and per-row talk / simulate / duplicate / delete. */
export function AgentsList() {
  const { query } = useLocation();
  const offset = Number(query.get('offset') ?? 0) || 0;
  const state = useApi<Page<Agent>>(`/v1/agents?limit=${limit}&offset=${offset}`);
  const models = byId(useList<LlmModel>('/v1/models').items);
  const voices = byId(useList<Voice>('/v1/voices', 200).items);
  const [deleting, setDeleting] = useState<Agent | undefined>(undefined);
  const dup = useAction(async (a: Agent) => {
    const copy = await duplicateAgent(a);
    toast(`Duplicated as “${copy.name}”`);
    navigate(`/agents/${copy.id}`);
  });

  return (
    <>
      <PageHeader
        title="Agents"
        actions={
          <Link href="/agents/new" class="btn btn-primary">
            New agent
          </Link>
        }
      >
        An agent is a voice, ears and call behaviour around a model (prompt, tools, knowledge).
      </PageHeader>
      {dup.error ? (
        <p class="banner banner-error" role="alert">
          Could not duplicate: {dup.error.message}
        </p>
      ) : null}
      <Async state={state} what="Loading agents…">
        {(page) =>
          page.items.length === 0 && offset === 0 ? (
            <Empty title="No agents yet">
              <p>Create one: only a name is needed; Parley picks a default model and voice.</p>
              <Link href="/agents/new" class="btn btn-primary">
                Create your first agent
              </Link>
            </Empty>
          ) : (
            <div class="card card-flush">
              <DataTable headers={['Name', 'Model', 'Voice', 'Updated']} actions>
                {page.items.map((a) => {
                  const m = models.get(a.llm_id);
                  const v = voices.get(a.tts.voice_id);
                  return (
                    <tr key={a.id}>
                      <td data-label="Name">
                        <Link href={`/agents/${a.id}`} class="row-title">
                          {a.name}
                        </Link>
                        <div class="muted mono small">{a.id}</div>
                      </td>
                      <td data-label="Model">
                        {m ? (
                          <>
                            <span class="nowrap">{m.model}</span>
                            <div class="muted small">{m.provider}</div>
                          </>
                        ) : (
                          <span class="mono small">{a.llm_id}</span>
                        )}
                      </td>
                      <td data-label="Voice">
                        {v ? v.name : a.tts.voice_id || '—'}
                        <div class="muted small">{v?.provider ?? a.tts.provider}</div>
                      </td>
                      <td data-label="Updated">{formatRelative(a.updated_at)}</td>
                      <RowActions onDelete={() => setDeleting(a)}>
                        <Link href={`/talk?agent=${a.id}`} class="btn btn-small">
                          Talk
                        </Link>
                        <Link href={`/simulate?agent=${a.id}`} class="btn btn-small">
                          Simulate
                        </Link>
                        <button
                          type="button"
                          class="btn btn-small"
                          disabled={dup.busy}
                          onClick={() => void dup.run(a)}
                        >
                          Duplicate
                        </button>
                      </RowActions>
                    </tr>
                  );
                })}
              </DataTable>
              <OffsetPager
                offset={offset}
                limit={limit}
                total={page.total}
                onChange={(o) => setQuery({ offset: o ? String(o) : undefined })}
              />
            </div>
          )
        }
      </Async>
      <ConfirmDialog
        open={deleting !== undefined}
        title={`Delete ${deleting?.name ?? 'agent'}?`}
        onClose={() => setDeleting(undefined)}
        onConfirm={async () => {
          await api('DELETE', `/v1/agents/${deleting!.id}`);
          toast(`Deleted “${deleting!.name}”`);
          await state.reload();
        }}
      >
        <p>
          The agent is removed; its calls stay in the call log. Its model is kept (other agents may share it).
        </p>
      </ConfirmDialog>
    </>
  );
}
