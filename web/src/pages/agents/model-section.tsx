import {
  type Integration,
  type KnowledgeBase,
  type LlmModel,
  type Tool,
  toolTypeLabels,
} from '../../api/types.ts';
import { NumberField, SelectField, SliderField, TextArea, TextField } from '../../components/form.tsx';
import { CheckboxList } from '../../components/form-structured.tsx';
import { Link } from '../../components/link.tsx';
import { Section } from '../../components/page.tsx';
import type { ModelDraft } from './drafts.ts';

const providers = ['openai', 'anthropic', 'groq', 'shisa', 'custom', 'offline'];
const suggestions: Record<string, string[]> = {
  openai: ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'gpt-5'],
  anthropic: ['claude-sonnet-4-5', 'claude-haiku-4-5'],
  groq: ['llama-3.3-70b-versatile', 'gemma2-9b-it'],
  shisa: ['shisa-v2-llama3.3-70b'],
  offline: ['parley-offline-brain'],
};

/** The agent's "brain": which model it uses and that model's prompt, sampling, tools and knowledge. */
export function ModelSection({
  llmId,
  onLlmId,
  draft,
  set,
  errors,
  models,
  sharedWith,
  tools,
  kbs,
  integrations,
  isNew,
}: {
  llmId: string;
  onLlmId: (id: string) => void;
  draft: ModelDraft;
  set: <K extends keyof ModelDraft>(k: K, v: ModelDraft[K]) => void;
  errors: Record<string, string>;
  models: LlmModel[];
  sharedWith: number;
  tools: { items: Tool[] | undefined; missing: boolean };
  kbs: { items: KnowledgeBase[] | undefined; missing: boolean };
  integrations: Integration[];
  isNew: boolean;
}) {
  const e = (k: string) => errors[`model.${k}`];
  return (
    <Section title="Model, prompt and knowledge" id="model">
      <div class="grid">
        <SelectField
          label="Model"
          value={llmId}
          onChange={onLlmId}
          error={errors.llm_id}
          hint={
            sharedWith > 0
              ? `Shared with ${sharedWith} other agent${sharedWith > 1 ? 's' : ''}: changes below apply to them too.`
              : 'Models can be shared by several agents.'
          }
          options={[
            ...(isNew ? [{ value: '', label: 'New model with platform defaults' }] : []),
            ...models.map((m) => ({ value: m.id, label: `${m.name} (${m.provider} · ${m.model})` })),
          ]}
        />
        <TextField label="Model name" value={draft.name} onInput={(v) => set('name', v)} error={e('name')} />
        <SelectField
          label="Provider"
          value={draft.provider}
          onChange={(v) => set('provider', v)}
          error={e('provider')}
          options={[
            ...(draft.provider ? [] : [{ value: '', label: 'Platform default' }]),
            ...providers.map((p) => ({ value: p, label: p })),
          ]}
        />
        <TextField
          label="Model id"
          value={draft.model}
          onInput={(v) => set('model', v)}
          error={e('model')}
          placeholder={suggestions[draft.provider]?.[0] ?? 'platform default'}
          hint={suggestions[draft.provider] ? `e.g. ${suggestions[draft.provider]!.join(', ')}` : undefined}
        />
        <TextArea
          label="System prompt"
          wide
          rows={10}
          value={draft.system_prompt}
          onInput={(v) => set('system_prompt', v)}
          error={e('system_prompt')}
          placeholder="You are a friendly receptionist for {{company}}…"
          hint="Use {{variable}} for values from the agent's dynamic variables or the call's variables."
        />
        <SliderField
          label="Temperature"
          min={0}
          max={2}
          step={0.05}
          value={draft.temperature}
          onChange={(v) => set('temperature', v)}
          error={e('temperature')}
          format={(v) => v.toFixed(2)}
          hint="Lower is more predictable, higher more varied (0–2)."
        />
        <NumberField
          label="Max tokens"
          value={draft.max_tokens}
          onChange={(v) => set('max_tokens', v)}
          min={1}
          max={128000}
          error={e('max_tokens')}
          hint="Blank = provider default."
        />
        <SelectField
          label="Provider key (integration)"
          value={draft.credential_id ?? ''}
          onChange={(v) => set('credential_id', v || null)}
          error={e('credential_id')}
          hint="Anthropic and Groq need one unless the server has a platform key."
          options={[
            { value: '', label: 'Platform key' },
            ...integrations.map((i) => ({ value: i.id, label: `${i.name} (${i.provider})` })),
          ]}
        />
        {draft.provider === 'custom' ? (
          <TextField
            label="Custom WebSocket URL"
            value={draft.custom_websocket_url ?? ''}
            onInput={(v) => set('custom_websocket_url', v || null)}
            error={e('custom_websocket_url')}
            placeholder="wss://…"
          />
        ) : null}
        <CheckboxList
          legend="Tools"
          value={draft.tool_ids}
          onChange={(v) => set('tool_ids', v)}
          error={e('tool_ids')}
          options={(tools.items ?? []).map((t) => ({
            value: t.id,
            label: t.name,
            hint: toolTypeLabels[t.type],
          }))}
          empty={
            tools.missing ? (
              'This server does not offer tools yet.'
            ) : (
              <>
                No tools yet. <Link href="/tools">Create one</Link>.
              </>
            )
          }
        />
        <CheckboxList
          legend="Knowledge bases"
          value={draft.knowledge_base_ids}
          onChange={(v) => set('knowledge_base_ids', v)}
          error={e('knowledge_base_ids')}
          options={(kbs.items ?? []).map((k) => ({ value: k.id, label: k.name }))}
          empty={
            kbs.missing ? (
              'This server does not offer knowledge bases yet.'
            ) : (
              <>
                No knowledge bases yet. <Link href="/knowledge-bases">Add one</Link>.
              </>
            )
          }
        />
      </div>
    </Section>
  );
}
