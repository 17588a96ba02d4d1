import { useState } from 'preact/hooks';
import { SecretReveal } from '../../components/copy-button.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { TextField } from '../../components/form.tsx';
import { FormFooter, useSubmit } from '../../components/form-footer.tsx';
import { LinesField } from '../../components/form-structured.tsx';

/** Create a key: name (and origins for publishable keys), then the full key shown once. */
export function NameDialog({
  open,
  title,
  onClose,
  onCreate,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  onCreate: (name: string, origins: string[]) => Promise<string>;
}) {
  // A new form (empty fields, no old error) every time the dialog opens.
  const [generation, setGeneration] = useState(0);
  const close = () => {
    setGeneration((g) => g + 1);
    onClose();
  };
  return (
    <Dialog open={open} title={title} onClose={close}>
      <NameForm
        key={generation}
        publishable={title.includes('publishable')}
        onCreate={onCreate}
        onClose={close}
      />
    </Dialog>
  );
}

function NameForm({
  publishable,
  onCreate,
  onClose,
}: {
  publishable: boolean;
  onCreate: (name: string, origins: string[]) => Promise<string>;
  onClose: () => void;
}) {
  const [name, setName] = useState('');
  const [origins, setOrigins] = useState<string[]>([]);
  const [created, setCreated] = useState<string | undefined>(undefined);
  const submit = useSubmit(async () => setCreated(await onCreate(name.trim(), origins)));
  if (created)
    return (
      <>
        <SecretReveal value={created} what={publishable ? 'publishable key' : 'secret key'} />
        <footer class="dialog-footer">
          <button type="button" class="btn btn-primary" onClick={onClose}>
            I have copied it
          </button>
        </footer>
      </>
    );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <div class="grid">
        <TextField
          label="Name"
          value={name}
          onInput={setName}
          placeholder={publishable ? 'Website widget' : 'Production server'}
          error={submit.fields.name}
        />
        {publishable ? (
          <LinesField
            label="Allowed origins"
            value={origins}
            onChange={setOrigins}
            placeholder="https://www.example.com"
            hint="One per line (scheme + host, no trailing slash). Empty = any origin: development only."
            error={submit.fields.allowed_origins}
          />
        ) : null}
      </div>
      <FormFooter
        error={submit.error}
        busy={submit.busy}
        label="Create key"
        busyLabel="Creating…"
        onCancel={onClose}
        disabled={!name.trim()}
      />
    </form>
  );
}
