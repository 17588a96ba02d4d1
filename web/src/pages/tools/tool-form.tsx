import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import type { Integration, Tool } from '../../api/types.ts';
import { toolTypeLabels, toolTypes } from '../../api/types.ts';
import { NumberField, SelectField, TextArea, TextField, Toggle } from '../../components/form.tsx';
import { FormFooter, useSubmit } from '../../components/form-footer.tsx';
import { JsonField } from '../../components/form-structured.tsx';
import { RowsEditor } from '../../components/rows-editor.tsx';
import {
  draftOf,
  type FieldRow,
  flattenErrors,
  type ParamRow,
  type ToolDraft,
  toolBody,
} from './tool-draft.ts';

const typeHints: Record<string, string> = {
  api_call: 'Calls your HTTP endpoint with arguments the model fills in.',
  transfer_call: 'Hands the call to a phone number.',
  end_call: 'Lets the agent hang up (e.g. after goodbye).',
  send_sms: 'Texts the caller or a fixed number from the call’s number.',
  send_email: 'Sends an email through a Resend or SendGrid integration.',
  schedule_calendar_event: 'Books a Cal.com event through a Cal.com integration.',
  extract_information: 'Fills structured fields into the call’s extracted data.',
};

/** Create or edit a tool; the fields follow its type (the type cannot change after creation). */
export function ToolForm({
  tool,
  integrations,
  onSaved,
  onCancel,
}: {
  tool: Tool | undefined;
  integrations: Integration[];
  onSaved: (t: Tool) => void;
  onCancel: () => void;
}) {
  const [d, setD] = useState<ToolDraft>(() => draftOf(tool));
  const [headersOk, setHeadersOk] = useState(true);
  const set = <K extends keyof ToolDraft>(k: K, v: ToolDraft[K]) => setD((x) => ({ ...x, [k]: v }));
  const t = d.type;
  const creds = [
    { value: '', label: 'Choose an integration' },
    ...integrations.map((i) => ({ value: i.id, label: `${i.name} (${i.provider})` })),
  ];

  const submit = useSubmit(async () => {
    const body = toolBody(d);
    onSaved(
      tool
        ? await api<Tool>('PATCH', `/v1/tools/${tool.id}`, { body })
        : await api<Tool>('POST', '/v1/tools', { body }),
    );
  });
  // Server locations such as messaging_config.to map onto the flat form fields.
  const errors = flattenErrors(submit.fields);

  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <div class="grid">
        <SelectField
          label="Type"
          value={t}
          onChange={(v) => set('type', v as ToolDraft['type'])}
          hint={typeHints[t]}
          error={errors.type}
          options={toolTypes.map((x) => ({
            value: x,
            label: toolTypeLabels[x],
            disabled: Boolean(tool) && x !== t,
          }))}
        />
        <TextField
          label="Name"
          value={d.name}
          onInput={(v) => set('name', v)}
          error={errors.name}
          placeholder="check_inventory"
          hint="The function name the model calls."
        />
        <TextArea
          label="When to use it"
          wide
          rows={2}
          value={d.description}
          onInput={(v) => set('description', v)}
          error={errors.description}
          placeholder="When the caller asks whether a product is in stock"
          hint="The model reads this to decide when to call the tool."
        />
        {t === 'api_call' ? (
          <>
            <TextField
              label="URL"
              value={d.url}
              onInput={(v) => set('url', v)}
              error={errors.url}
              placeholder="https://api.example.com/inventory"
            />
            <SelectField
              label="Method"
              value={d.method}
              onChange={(v) => set('method', v)}
              error={errors.method}
              options={['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => ({ value: m, label: m }))}
            />
            <JsonField
              label="Headers"
              value={d.headers}
              onChange={(v, ok) => {
                setHeadersOk(ok);
                if (ok) set('headers', v);
              }}
              error={errors.headers}
              rows={3}
              hint='Static headers, e.g. {"Authorization": "Bearer {{api_token}}"}.'
            />
            <NumberField
              label="Timeout (seconds)"
              value={d.timeout_seconds}
              onChange={(v) => set('timeout_seconds', v)}
              min={1}
              max={30}
              step={1}
              error={errors.timeout_seconds}
              hint="1–30; blank = 10."
            />
            <RowsEditor<ParamRow>
              legend="Parameters"
              rows={d.parameters}
              onChange={(r) => set('parameters', r)}
              errors={errors}
              errorPrefix="parameters"
              addLabel="Add parameter"
              blank={() => ({ name: '', type: 'string', required: false, description: '', enum: '' })}
              columns={[
                { key: 'name', label: 'Name', kind: 'text', placeholder: 'sku' },
                {
                  key: 'type',
                  label: 'Type',
                  kind: 'select',
                  options: ['string', 'number', 'integer', 'boolean'],
                  width: '7rem',
                },
                { key: 'required', label: 'Required', kind: 'checkbox', width: '5rem' },
                { key: 'description', label: 'Description', kind: 'text', placeholder: 'Product SKU' },
                { key: 'enum', label: 'Allowed values', kind: 'text', placeholder: 'a, b, c' },
              ]}
            />
            <div class="stack field-wide">
              <Toggle
                label="Speak while it runs"
                checked={d.speak_during_execution}
                onChange={(v) => set('speak_during_execution', v)}
              />
              <Toggle
                label="Run in background (don’t wait for the result)"
                checked={d.run_in_background}
                onChange={(v) => set('run_in_background', v)}
              />
            </div>
          </>
        ) : null}
        {t === 'transfer_call' ? (
          <TextField
            label="Transfer to"
            value={d.transfer_to}
            onInput={(v) => set('transfer_to', v)}
            error={errors.transfer_to}
            placeholder="+15105550100"
            hint="E.164 number."
          />
        ) : null}
        {t === 'send_sms' || t === 'send_email' ? (
          <>
            {t === 'send_email' ? (
              <SelectField
                label="Email integration"
                value={d.credential_id}
                onChange={(v) => set('credential_id', v)}
                error={errors.credential_id}
                options={creds}
              />
            ) : null}
            <TextField
              label="To"
              value={d.to}
              onInput={(v) => set('to', v)}
              error={errors.to}
              placeholder={t === 'send_sms' ? 'caller or +15105550100' : '{{customer_email}} or caller'}
            />
            {t === 'send_email' ? (
              <TextField
                label="Subject"
                value={d.subject_template}
                onInput={(v) => set('subject_template', v)}
                error={errors.subject_template}
              />
            ) : null}
            <TextArea
              label="Message"
              wide
              rows={3}
              value={d.body_template}
              onInput={(v) => set('body_template', v)}
              error={errors.body_template}
              hint="{{variables}} are filled in from the call."
            />
          </>
        ) : null}
        {t === 'schedule_calendar_event' ? (
          <>
            <SelectField
              label="Cal.com integration"
              value={d.credential_id}
              onChange={(v) => set('credential_id', v)}
              error={errors.credential_id}
              options={creds}
            />
            <TextField
              label="Event type id"
              value={d.calendar_id}
              onInput={(v) => set('calendar_id', v)}
              error={errors.calendar_id}
              placeholder="123456"
            />
            <NumberField
              label="Duration (minutes)"
              value={d.duration_minutes}
              onChange={(v) => set('duration_minutes', v)}
              min={5}
              max={480}
              step={5}
              error={errors.duration_minutes}
            />
            <TextField
              label="Time zone"
              value={d.timezone}
              onInput={(v) => set('timezone', v)}
              error={errors.timezone}
              placeholder="America/New_York"
            />
          </>
        ) : null}
        {t === 'extract_information' ? (
          <RowsEditor<FieldRow>
            legend="Fields to extract"
            rows={d.fields}
            onChange={(r) => set('fields', r)}
            errors={errors}
            errorPrefix="fields"
            addLabel="Add field"
            blank={() => ({ name: '', description: '', required: false })}
            columns={[
              { key: 'name', label: 'Name', kind: 'text', placeholder: 'budget' },
              {
                key: 'description',
                label: 'Description',
                kind: 'text',
                placeholder: 'Monthly budget in USD',
              },
              { key: 'required', label: 'Required', kind: 'checkbox', width: '5rem' },
            ]}
          />
        ) : null}
      </div>
      <FormFooter
        error={submit.error}
        busy={submit.busy}
        label={tool ? 'Save tool' : 'Create tool'}
        onCancel={onCancel}
        disabled={!headersOk || !d.name.trim()}
      />
    </form>
  );
}
