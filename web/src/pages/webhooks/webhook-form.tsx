import { useState } from 'preact/hooks';
import { ApiError, api } from '../../api/client.ts';
import type { Webhook } from '../../api/types.ts';
import { webhookEvents } from '../../api/types.ts';
import { CheckboxList, FormError, SelectField, TextField } from '../../components/form.tsx';

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
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<Error | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setErrors({});
    setError(undefined);
    try {
      const body = { name: name.trim(), url: url.trim(), events, ...(hook ? { status } : {}) };
      onSaved(
        hook
          ? await api<Webhook>('PATCH', `/v1/webhooks/${hook.id}`, { body })
          : await api<Webhook>('POST', '/v1/webhooks', { body }),
      );
    } catch (e) {
      if (e instanceof ApiError) setErrors(e.fieldErrors());
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      noValidate
    >
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
      <FormError error={error} />
      <footer class="dialog-footer">
        <button type="button" class="btn" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          class="btn btn-primary"
          disabled={busy || !name.trim() || !url.trim() || events.length === 0}
        >
          {busy ? 'Saving…' : hook ? 'Save webhook' : 'Create webhook'}
        </button>
      </footer>
    </form>
  );
}
