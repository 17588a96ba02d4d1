import { useRef, useState } from 'preact/hooks';
import { ApiError, uploadWithProgress } from '../../api/client.ts';
import type { KbJob, KbSource } from '../../api/types.ts';
import { FormError, TextArea, TextField } from '../../components/form.tsx';
import { formatBytes } from '../../lib/format.ts';

export interface SourceAccepted {
  knowledge_base_id: string;
  source: KbSource;
  job: KbJob;
  message: string;
}

const accept = '.pdf,.docx,.xlsx,.xls,.txt,.md';
type Kind = 'file' | 'url' | 'text';

/**
 * Add a file (with upload progress), a URL or text to a knowledge base; `endpoint` is the KB's sources
 * route, or `/v1/knowledge-bases/sources` to create a KB named after the source.
 */
export function AddSource({
  endpoint,
  onAccepted,
  withName,
}: {
  endpoint: string;
  onAccepted: (r: SourceAccepted) => void;
  withName?: boolean;
}) {
  const [kind, setKind] = useState<Kind>('file');
  const [file, setFile] = useState<File | undefined>(undefined);
  const [source, setSource] = useState('');
  const [name, setName] = useState('');
  const [progress, setProgress] = useState<number | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const abort = useRef<(() => void) | undefined>(undefined);
  const fileInput = useRef<HTMLInputElement>(null);
  const errs = error instanceof ApiError ? error.fieldErrors() : {};
  const busy = progress !== undefined;

  const submit = async () => {
    const form = new FormData();
    if (kind === 'file') form.append('file', file!);
    else {
      form.append('type', kind);
      form.append('source', source);
    }
    if (withName && name.trim()) form.append('name', name.trim());
    setError(undefined);
    setProgress(0);
    const up = uploadWithProgress<SourceAccepted>(endpoint, form, setProgress);
    abort.current = up.abort;
    try {
      const r = await up.promise;
      setFile(undefined);
      setSource('');
      setName('');
      if (fileInput.current) fileInput.current.value = '';
      onAccepted(r);
    } catch (e) {
      setError(e as Error);
    } finally {
      setProgress(undefined);
      abort.current = undefined;
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) void submit();
      }}
      noValidate
    >
      <div class="tabs" role="tablist" aria-label="Source type">
        {(['file', 'url', 'text'] as Kind[]).map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            class="tab"
            aria-selected={kind === k}
            onClick={() => setKind(k)}
          >
            {k === 'file' ? 'File' : k === 'url' ? 'Web page' : 'Text'}
          </button>
        ))}
      </div>
      <div class="grid">
        {kind === 'file' ? (
          <div class={`field field-wide${errs.file ? ' field-invalid' : ''}`}>
            <label for="kb-file">File</label>
            <input
              ref={fileInput}
              id="kb-file"
              type="file"
              accept={accept}
              onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0])}
              aria-describedby="kb-file-hint"
            />
            <p class="field-hint" id="kb-file-hint">
              PDF, Word, Excel, text or Markdown, up to 50 MiB.
              {file ? ` Selected: ${file.name} (${formatBytes(file.size)}).` : ''}
            </p>
            {errs.file ? <p class="field-error">{errs.file}</p> : null}
          </div>
        ) : kind === 'url' ? (
          <TextField
            label="URL"
            value={source}
            onInput={setSource}
            error={errs.source}
            placeholder="https://docs.example.com"
            hint="Parley reads the page and same-site links."
            wide
          />
        ) : (
          <TextArea
            label="Text"
            value={source}
            onInput={setSource}
            error={errs.source}
            rows={6}
            wide
            placeholder="Opening hours: Monday to Friday, 9am–5pm…"
          />
        )}
        {withName ? (
          <TextField
            label="Knowledge base name"
            value={name}
            onInput={setName}
            error={errs.name}
            placeholder="named after the source"
          />
        ) : null}
      </div>
      {busy ? (
        <div class="upload-progress">
          <div
            class="progress"
            role="progressbar"
            aria-label="Upload progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round((progress ?? 0) * 100)}
          >
            <span style={{ width: `${Math.round((progress ?? 0) * 100)}%` }} />
          </div>
          <span class="small muted">
            {progress !== undefined && progress < 1
              ? `Uploading… ${Math.round(progress * 100)}%`
              : 'Processing…'}
          </span>
          <button type="button" class="btn btn-small" onClick={() => abort.current?.()}>
            Cancel
          </button>
        </div>
      ) : null}
      <FormError error={error} />
      <div class="dialog-footer">
        <button
          type="submit"
          class="btn btn-primary"
          disabled={busy || (kind === 'file' ? !file : !source.trim())}
        >
          {kind === 'file' ? 'Upload' : 'Add source'}
        </button>
      </div>
    </form>
  );
}
