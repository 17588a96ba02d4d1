import { useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../../api/client.ts';
import type { Agent, Integration, KnowledgeBase, LlmModel, Tool, Voice, Webhook } from '../../api/types.ts';
import { Dialog } from '../../components/dialog.tsx';
import { FormError, TextArea, TextField } from '../../components/form.tsx';
import { Section } from '../../components/page.tsx';
import { toast } from '../../components/toast.tsx';
import type { ListState } from '../../lib/use-list.ts';
import { AdvancedSection, ConversationSection } from './behaviour-section.tsx';
import {
  type AgentDraft,
  changedKeys,
  type ModelDraft,
  newAgentDraft,
  newModelDraft,
  patchBody,
  pick,
  prefixed,
} from './drafts.ts';
import { createBody, modelInputKeys } from './duplicate.ts';
import { ModelSection } from './model-section.tsx';
import { VoiceImportForm } from './voice-import.tsx';
import { VoiceSection } from './voice-section.tsx';

const agentNullableText = ['first_message', 'voicemail_message', 'job_description', 'background_sound'];

/** Drop empty strings inside nested objects (unset provider/voice on a new agent = platform default). */
function withoutBlanks(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (v === '') continue;
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && (k === 'tts' || k === 'transcriber')
        ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== '' && x !== null))
        : v;
  }
  return out;
}

/** The whole agent form: edits the agent and its model together and saves both (model first). */
export function AgentForm({
  isNew,
  agentId,
  agent,
  model,
  lists,
  onSaved,
}: {
  isNew: boolean;
  agentId: string | undefined;
  agent: AgentDraft;
  model: ModelDraft;
  lists: {
    models: ListState<LlmModel>;
    voices: ListState<Voice>;
    tools: ListState<Tool>;
    kbs: ListState<KnowledgeBase>;
    webhooks: ListState<Webhook>;
    integrations: ListState<Integration>;
    agents: ListState<Agent>;
  };
  onSaved: (a: Agent, m: LlmModel | undefined) => void;
}) {
  const [base, setBase] = useState({ agent, model });
  const [d, setD] = useState(agent);
  const [m, setM] = useState(model);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<Error | undefined>(undefined);
  const [badJson, setBadJson] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [importing, setImporting] = useState(false);
  // Bumped on Discard so fields that keep their own text (JSON, lines, numbers) start over.
  const [generation, setGeneration] = useState(0);
  const set = <K extends keyof AgentDraft>(k: K, v: AgentDraft[K]) => setD((x) => ({ ...x, [k]: v }));
  const setModel = <K extends keyof ModelDraft>(k: K, v: ModelDraft[K]) => setM((x) => ({ ...x, [k]: v }));
  const dirty = changedKeys(base.agent, d).length > 0 || changedKeys(base.model, m).length > 0;

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const chooseModel = (id: string) => {
    const found = lists.models.items?.find((x) => x.id === id);
    const next = found ? pick(found, modelInputKeys) : newModelDraft();
    set('llm_id', id);
    setM(next);
    setBase((b) => ({ ...b, model: next }));
  };

  const save = async () => {
    setBusy(true);
    setErrors({});
    setFormError(undefined);
    let stage: 'agent' | 'model' = 'agent';
    try {
      let saved: Agent;
      let savedModel: LlmModel | undefined;
      if (isNew) {
        const body = withoutBlanks(createBody(d, changedKeys(newAgentDraft(), d)));
        saved = await api<Agent>('POST', '/v1/agents', { body: { ...body, name: d.name } });
        const modelPatch = withoutBlanks(patchBody(base.model, m));
        if (Object.keys(modelPatch).length) {
          stage = 'model';
          savedModel = await api<LlmModel>('PATCH', `/v1/models/${saved.llm_id}`, { body: modelPatch });
        }
      } else {
        const modelPatch = patchBody(base.model, m);
        if (Object.keys(modelPatch).length) {
          stage = 'model';
          savedModel = await api<LlmModel>('PATCH', `/v1/models/${d.llm_id}`, { body: modelPatch });
          stage = 'agent';
        }
        const agentPatch = patchBody(base.agent, d, agentNullableText);
        saved = Object.keys(agentPatch).length
          ? await api<Agent>('PATCH', `/v1/agents/${agentId}`, { body: agentPatch })
          : await api<Agent>('GET', `/v1/agents/${agentId}`);
      }
      const nextModel = savedModel ? pick(savedModel, modelInputKeys) : m;
      setBase({ agent: d, model: nextModel });
      setM(nextModel);
      toast(isNew ? `Agent “${saved.name}” created` : 'Changes saved');
      onSaved(saved, savedModel);
    } catch (e) {
      const err = e as Error;
      if (err instanceof ApiError && err.issues.length) {
        const fields = err.fieldErrors();
        setErrors(stage === 'model' ? prefixed(fields, 'model.') : fields);
      }
      setFormError(err);
      if (stage === 'model' && isNew)
        setFormError(new Error(`The agent was created, but its model was not updated: ${err.message}`));
    } finally {
      setBusy(false);
    }
  };

  const usedBy = (lists.agents.items ?? []).filter((a) => a.llm_id === d.llm_id && a.id !== agentId).length;
  return (
    <>
      <form
        class="form-stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void save();
        }}
        noValidate
      >
        <div key={generation} class="form-stack">
          <Section title="Basics" id="basics">
            <div class="grid">
              <TextField
                label="Name"
                value={d.name}
                onInput={(v) => set('name', v)}
                error={errors.name}
                required
              />
              <TextField
                label="Language"
                value={d.language}
                onInput={(v) => set('language', v)}
                error={errors.language}
                hint="Language code, e.g. en, es, ja."
              />
              <TextArea
                label="First message"
                wide
                rows={2}
                value={d.first_message ?? ''}
                onInput={(v) => set('first_message', v)}
                error={errors.first_message}
                placeholder="Hi {{customer_name}}, thanks for calling Acme! How can I help?"
                hint="What the agent says when the call connects. Leave blank to let the caller speak first."
              />
              <TextArea
                label="Job description"
                wide
                rows={3}
                value={d.job_description ?? ''}
                onInput={(v) => set('job_description', v)}
                error={errors.job_description}
                hint="Prepended to the system prompt as a “# Role” block."
              />
            </div>
          </Section>
          <ModelSection
            llmId={d.llm_id}
            onLlmId={chooseModel}
            draft={m}
            set={setModel}
            errors={errors}
            models={lists.models.items ?? []}
            sharedWith={usedBy}
            tools={lists.tools}
            kbs={lists.kbs}
            integrations={lists.integrations.items ?? []}
            isNew={isNew}
          />
          <VoiceSection
            tts={d.tts}
            transcriber={d.transcriber}
            onTts={(t) => set('tts', t)}
            onTranscriber={(t) => set('transcriber', t)}
            voices={lists.voices}
            onImport={() => setImporting(true)}
            errors={errors}
          />
          <ConversationSection d={d} set={set} errors={errors} />
          <AdvancedSection
            d={d}
            set={set}
            errors={errors}
            webhooks={lists.webhooks.items ?? []}
            onJsonValid={(f, ok) =>
              setBadJson((s) => {
                const n = new Set(s);
                if (ok) n.delete(f);
                else n.add(f);
                return n;
              })
            }
          />
        </div>
        <div class={`savebar${dirty || isNew ? ' savebar-dirty' : ''}`}>
          <FormError error={formError} />
          <div class="savebar-row">
            <span class="muted">
              {busy ? 'Saving…' : dirty ? 'Unsaved changes' : isNew ? '' : 'All changes saved'}
            </span>
            {dirty && !isNew ? (
              <button
                type="button"
                class="btn"
                onClick={() => {
                  setD(base.agent);
                  setM(base.model);
                  setErrors({});
                  setFormError(undefined);
                  setGeneration((g) => g + 1);
                }}
              >
                Discard
              </button>
            ) : null}
            <button
              type="submit"
              class="btn btn-primary"
              disabled={busy || badJson.size > 0 || (!dirty && !isNew)}
            >
              {isNew ? 'Create agent' : 'Save changes'}
            </button>
          </div>
        </div>
      </form>
      <Dialog open={importing} title="Import a voice" onClose={() => setImporting(false)}>
        <VoiceImportForm
          integrations={lists.integrations.items ?? []}
          onCancel={() => setImporting(false)}
          onImported={(v) => {
            setImporting(false);
            lists.voices.reload();
            set('tts', { ...d.tts, voice_id: v.id, provider: v.provider });
          }}
        />
      </Dialog>
    </>
  );
}
