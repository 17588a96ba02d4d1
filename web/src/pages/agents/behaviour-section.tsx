import type { Webhook } from '../../api/types.ts';
import { NumberField, SelectField, SliderField, TextArea, Toggle } from '../../components/form.tsx';
import { JsonField, LinesField } from '../../components/form-structured.tsx';
import { Section } from '../../components/page.tsx';
import type { AgentDraft } from './drafts.ts';

type Set = <K extends keyof AgentDraft>(k: K, v: AgentDraft[K]) => void;
const pct = (v: number) => `${Math.round(v * 100)}%`;

/** Turn-taking, limits and how calls end. */
export function ConversationSection({
  d,
  set,
  errors,
}: {
  d: AgentDraft;
  set: Set;
  errors: Record<string, string>;
}) {
  return (
    <Section title="Conversation" id="conversation">
      <div class="grid">
        <SliderField
          label="Responsiveness"
          min={0}
          max={1}
          step={0.05}
          value={d.responsiveness}
          onChange={(v) => set('responsiveness', v)}
          error={errors.responsiveness}
          format={pct}
          hint="0 waits patiently for the caller to finish; 1 answers snappily."
        />
        <SliderField
          label="Interruption sensitivity"
          min={0}
          max={1}
          step={0.05}
          value={d.interruption_sensitivity}
          onChange={(v) => set('interruption_sensitivity', v)}
          error={errors.interruption_sensitivity}
          format={pct}
          hint="How easily the caller can talk over the agent."
        />
        <SliderField
          label="Speaking speed"
          min={0.5}
          max={2}
          step={0.05}
          value={d.speed}
          onChange={(v) => set('speed', v)}
          error={errors.speed}
          format={(v) => `${v.toFixed(2)}×`}
        />
        <NumberField
          label="Silence timeout (seconds)"
          min={1}
          max={300}
          step={1}
          value={d.silence_timeout_seconds}
          onChange={(v) => set('silence_timeout_seconds', v ?? 10)}
          error={errors.silence_timeout_seconds}
          hint="Hang up after this much silence (1–300)."
        />
        <NumberField
          label="Maximum duration (seconds)"
          min={30}
          max={7200}
          step={1}
          value={d.max_duration_seconds}
          onChange={(v) => set('max_duration_seconds', v ?? 600)}
          error={errors.max_duration_seconds}
          hint="Hard cap per call (30–7200)."
        />
        <SelectField
          label="Background sound"
          value={d.background_sound ?? ''}
          onChange={(v) => set('background_sound', v || null)}
          error={errors.background_sound}
          hint="Stored; not mixed into audio yet."
          options={[
            { value: '', label: 'None' },
            { value: 'office', label: 'Office' },
            { value: 'cafe', label: 'Café' },
          ]}
        />
        <LinesField
          label="End-call phrases"
          value={d.end_call_phrases}
          onChange={(v) => set('end_call_phrases', v)}
          error={errors.end_call_phrases}
          placeholder={'goodbye\nthat is all'}
          hint="One per line. When the caller says one, the agent hangs up."
        />
        <div class="stack">
          <Toggle
            label="Record calls"
            checked={d.enable_recording}
            onChange={(v) => set('enable_recording', v)}
            error={errors.enable_recording}
            hint="Stereo WAV: caller left, agent right."
          />
          <Toggle
            label="Emotions"
            checked={d.emotions}
            onChange={(v) => set('emotions', v)}
            error={errors.emotions}
          />
          <Toggle
            label="Voicemail detection"
            checked={d.voicemail_detection}
            onChange={(v) => set('voicemail_detection', v)}
            error={errors.voicemail_detection}
            hint="On outbound calls, leave the message below on a machine and hang up."
          />
        </div>
        {d.voicemail_detection ? (
          <TextArea
            label="Voicemail message"
            wide
            rows={2}
            value={d.voicemail_message ?? ''}
            onInput={(v) => set('voicemail_message', v)}
            error={errors.voicemail_message}
            placeholder="Hi {{lead_name}}, sorry we missed you…"
          />
        ) : null}
      </div>
    </Section>
  );
}

/** Webhook, template variables and free-form metadata. */
export function AdvancedSection({
  d,
  set,
  errors,
  webhooks,
  onJsonValid,
}: {
  d: AgentDraft;
  set: Set;
  errors: Record<string, string>;
  webhooks: Webhook[];
  onJsonValid: (field: string, valid: boolean) => void;
}) {
  return (
    <Section title="Advanced" id="advanced">
      <div class="grid">
        <SelectField
          label="Webhook"
          value={d.webhook_id ?? ''}
          onChange={(v) => set('webhook_id', v || null)}
          error={errors.webhook_id}
          hint="Also send this agent's call events here (besides workspace webhooks)."
          options={[
            { value: '', label: 'None' },
            ...webhooks.map((w) => ({ value: w.id, label: `${w.name} (${w.url})` })),
          ]}
        />
        <JsonField
          label="Dynamic variables"
          value={d.dynamic_variables}
          onChange={(v, ok) => {
            onJsonValid('dynamic_variables', ok);
            if (ok) set('dynamic_variables', v);
          }}
          error={errors.dynamic_variables}
          hint="Default {{variable}} values; a call's variables override them."
        />
        <JsonField
          label="Metadata"
          value={d.metadata}
          onChange={(v, ok) => {
            onJsonValid('metadata', ok);
            if (ok) set('metadata', v);
          }}
          error={errors.metadata}
        />
      </div>
    </Section>
  );
}
