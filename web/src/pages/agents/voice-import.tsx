import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import type { Integration, Voice } from '../../api/types.ts';
import { SelectField, TextField } from '../../components/form.tsx';
import { FormFooter, useSubmit } from '../../components/form-footer.tsx';
import { Link } from '../../components/link.tsx';

const providers = ['elevenlabs', 'cartesia', 'deepgram', 'openai'];

/** Import a provider voice (e.g. a cloned ElevenLabs voice) with the integration that holds its key. */
export function VoiceImportForm({
  integrations,
  onImported,
  onCancel,
}: {
  integrations: Integration[];
  onImported: (v: Voice) => void;
  onCancel: () => void;
}) {
  const [provider, setProvider] = useState('elevenlabs');
  const [voiceId, setVoiceId] = useState('');
  const [name, setName] = useState('');
  const [credentialId, setCredentialId] = useState('');
  const [gender, setGender] = useState('');
  const [accent, setAccent] = useState('');
  const creds = integrations.filter((i) => i.provider === provider);
  const credential = credentialId || creds[0]?.id || '';
  const submit = useSubmit(async () => {
    const body = {
      provider,
      provider_voice_id: voiceId.trim(),
      name: name.trim(),
      credential_id: credential,
      ...(gender ? { gender } : {}),
      ...(accent.trim() ? { accent: accent.trim() } : {}),
    };
    onImported(await api<Voice>('POST', '/v1/voices/import', { body }));
  });
  const errs = submit.fields;
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <div class="grid">
        <SelectField
          label="Provider"
          value={provider}
          onChange={setProvider}
          error={errs.provider}
          options={providers.map((p) => ({ value: p, label: p }))}
        />
        <TextField
          label="Provider voice id"
          value={voiceId}
          onInput={setVoiceId}
          error={errs.provider_voice_id}
          placeholder="21m00Tcm4TlvDq8ikWAM"
          hint="The id in the provider's console."
        />
        <TextField
          label="Name"
          value={name}
          onInput={setName}
          error={errs.name}
          placeholder="Rachel (cloned)"
        />
        <SelectField
          label="Provider key"
          value={credential}
          onChange={setCredentialId}
          error={errs.credential_id}
          hint={
            creds.length ? undefined : (
              <>
                No {provider} integration yet: <Link href="/integrations">add one</Link>.
              </>
            )
          }
          options={
            creds.length ? creds.map((c) => ({ value: c.id, label: c.name })) : [{ value: '', label: 'None' }]
          }
        />
        <SelectField
          label="Gender"
          value={gender}
          onChange={setGender}
          options={[
            { value: '', label: 'Not set' },
            { value: 'female', label: 'Female' },
            { value: 'male', label: 'Male' },
          ]}
        />
        <TextField
          label="Accent"
          value={accent}
          onInput={setAccent}
          error={errs.accent}
          placeholder="American"
        />
      </div>
      <FormFooter
        error={submit.error}
        busy={submit.busy}
        label="Import voice"
        busyLabel="Importing…"
        onCancel={onCancel}
        disabled={!voiceId.trim() || !name.trim() || !credential}
      />
    </form>
  );
}
