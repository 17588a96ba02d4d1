import { useState } from 'preact/hooks';

/** Copies `value` to the clipboard (falls back to selecting a hidden textarea on plain-http origins). */
export function CopyButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      const t = document.createElement('textarea');
      t.value = value;
      t.setAttribute('readonly', '');
      t.style.position = 'fixed';
      t.style.opacity = '0';
      document.body.appendChild(t);
      t.select();
      document.execCommand('copy');
      t.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <button type="button" class="btn btn-small" onClick={() => void copy()} aria-live="polite">
      {copied ? 'Copied' : label}
    </button>
  );
}

/** A secret shown once, with a copy button and the warning that it will not be shown again. */
export function SecretReveal({ value, what }: { value: string; what: string }) {
  return (
    <div class="secret">
      <p class="secret-warning">Copy this {what} now. It is shown only once; Parley stores only a hash.</p>
      <div class="secret-row">
        <code class="secret-value" data-testid="secret-value">
          {value}
        </code>
        <CopyButton value={value} />
      </div>
    </div>
  );
}
