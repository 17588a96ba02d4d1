import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import type { Webhook } from '../../api/types.ts';
import { webhookEvents } from '../../api/types.ts';
import { SelectField, TextField } from '../../components/form.tsx';
import { FormFooter, useSubmit } from '../../components/form-footer.tsx';
import { CheckboxList } from '../../components/form-structured.tsx';

/** Create or edit a webhook: name, URL, events, and (when editing) active/disabled. */
export function WebhookForm({
  hook,
  onSaved,
  onCancel,
}: {
  hook?: Webhook;
  onSaved: (w: Webhook) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(hook?.name ?? '');
  const [url, setUrl] = useState(hook?.url ?? '');
  const [events, setEvents] = useState<string[]>(hook?.events ?? ['call.ended', 'call.analyzed']);
  const [status, setStatus] = useState(hook?.status ?? 'active');
  const submit = useSubmit(async () => {
    const body = { name: name.trim(), url: url.trim(), events, ...(hook ? { status } : {}) };
    onSaved(
      hook
        ? await api<Webhook>('PATCH', `/v1/webhooks/${hook.id}`, { body })
        : await api<Webhook>('POST', '/v1/webhooks', { body }),
    );
  });
  const errors = submit.fields;
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <div class="grid">
        <TextField label="Name" value={name} onInput={setName} error={errors.name} placeholder="CRM sync" />
        <TextField
          label="URL"
          value={url}
          onInput={setUrl}
          error={errors.url}
          placeholder="https://example.com/webhooks/parley"
          hint="Receives a signed POST (Standard Webhooks) for each event."
        />
        <CheckboxList
          legend="Events"
          value={events}
          onChange={setEvents}
          error={errors.events}
          options={webhookEvents.map((e) => ({ value: e, label: e }))}
        />
        {hook ? (
          <SelectField
            label="Status"
            value={status}
            onChange={(v) => setStatus(v as Webhook['status'])}
            error={errors.status}
            options={[
              { value: 'active', label: 'Active' },
              { value: 'disabled', label: 'Disabled (paused)' },
            ]}
          />
        ) : null}
      </div>
      <FormFooter
        error={submit.error}
        busy={submit.busy}
        label={hook ? 'Save webhook' : 'Create webhook'}
        onCancel={onCancel}
        disabled={!name.trim() || !url.trim() || events.length === 0}
      />
    </form>
  );
}
