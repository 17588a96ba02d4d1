import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import type { Agent, Integration, KnowledgeBase, LlmModel, Tool, Voice, Webhook } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { Link } from '../../components/link.tsx';
import { PageHeader, Section } from '../../components/page.tsx';
import { ErrorBanner, Loading } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { navigate } from '../../lib/router.ts';
import { useAction, useApi } from '../../lib/use-api.ts';
import { useList } from '../../lib/use-list.ts';
import { AgentForm } from './agent-form.tsx';
import { type ModelDraft, newAgentDraft, newModelDraft, pick } from './drafts.ts';
import { agentInputKeys, duplicateAgent, modelInputKeys } from './duplicate.ts';

/** `/agents/new` and `/agents/:id`: load the agent, its model and every picker list, then the form. */
export function AgentEditor({ id }: { id: string }) {
  const isNew = id === 'new';
  const agent = useApi<Agent>(isNew ? null : `/v1/agents/${id}`);
  const model = useApi<LlmModel>(agent.data ? `/v1/models/${agent.data.llm_id}` : null);
  const lists = {
    models: useList<LlmModel>('/v1/models'),
    voices: useList<Voice>('/v1/voices', 200),
    tools: useList<Tool>('/v1/tools'),
    kbs: useList<KnowledgeBase>('/v1/knowledge-bases'),
    webhooks: useList<Webhook>('/v1/webhooks'),
    integrations: useList<Integration>('/v1/integrations'),
    agents: useList<Agent>('/v1/agents'),
  };
  const [deleting, setDeleting] = useState(false);
  const dup = useAction(async (a: Agent) => {
    const copy = await duplicateAgent(a);
    toast(`Duplicated as “${copy.name}”`);
    navigate(`/agents/${copy.id}`);
  });
  useEffect(() => {
    if (agent.data) document.title = `${agent.data.name} · Parley`;
  }, [agent.data?.name]);

  const error = agent.error ?? model.error;
  const ready = isNew || (agent.data && model.data);
  const title = isNew ? 'New agent' : (agent.data?.name ?? 'Agent');
  return (
    <>
      <PageHeader
        title={title}
        back={{ href: '/agents', label: 'Agents' }}
        actions={
          agent.data ? (
            <>
              <Link href={`/talk?agent=${agent.data.id}`} class="btn">
                Talk
              </Link>
              <Link href={`/simulate?agent=${agent.data.id}`} class="btn">
                Simulate
              </Link>
              <button type="button" class="btn" disabled={dup.busy} onClick={() => void dup.run(agent.data!)}>
                {dup.busy ? 'Duplicating…' : 'Duplicate'}
              </button>
              <button type="button" class="btn btn-danger-ghost" onClick={() => setDeleting(true)}>
                Delete
              </button>
            </>
          ) : null
        }
      >
        {agent.data ? <span class="mono small">{agent.data.id}</span> : null}
      </PageHeader>
      {dup.error ? <ErrorBanner error={dup.error} title="Could not duplicate" /> : null}
      {error ? (
        <ErrorBanner error={error} retry={() => void (agent.error ? agent.reload() : model.reload())} />
      ) : !ready || lists.models.items === undefined ? (
        <Loading what="Loading agent…" />
      ) : (
        <AgentForm
          key={agent.data?.id ?? 'new'}
          isNew={isNew}
          agent={agent.data ? pick(agent.data, agentInputKeys) : newAgentDraft()}
          agentId={agent.data?.id}
          model={model.data ? pick(model.data, modelInputKeys) : newModelDraft()}
          lists={lists}
          onSaved={(a, m) => {
            if (isNew) navigate(`/agents/${a.id}`, { replace: true });
            else {
              agent.setData(a);
              if (m) model.setData(m);
            }
            lists.models.reload();
          }}
        />
      )}
      {agent.data?.effective_system_prompt ? (
        <Section title="Effective system prompt" id="effective">
          <p class="muted small">
            What the model receives: the job description as a “# Role” block, then the prompt.
          </p>
          <pre class="prompt">{agent.data.effective_system_prompt}</pre>
        </Section>
      ) : null}
      <ConfirmDialog
        open={deleting}
        title={`Delete ${agent.data?.name ?? 'agent'}?`}
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          await api('DELETE', `/v1/agents/${id}`);
          toast('Agent deleted');
          navigate('/agents');
        }}
      >
        <p>The agent is removed; its calls stay in the call log.</p>
      </ConfirmDialog>
    </>
  );
}

export type { ModelDraft };
