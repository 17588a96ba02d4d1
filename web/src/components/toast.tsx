import { useEffect, useState } from 'preact/hooks';

interface Toast {
  id: number;
  message: string;
  kind: 'ok' | 'error';
}
let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<(t: Toast[]) => void>();

/** Show a short message in the polite live region (bottom right). */
export function toast(message: string, kind: Toast['kind'] = 'ok'): void {
  const t = { id: nextId++, message, kind };
  toasts = [...toasts, t];
  for (const fn of listeners) fn(toasts);
  setTimeout(() => {
    toasts = toasts.filter((x) => x.id !== t.id);
    for (const fn of listeners) fn(toasts);
  }, 4000);
}

export function Toasts() {
  const [list, setList] = useState<Toast[]>(toasts);
  useEffect(() => {
    listeners.add(setList);
    return () => void listeners.delete(setList);
  }, []);
  return (
    <div class="toasts" aria-live="polite" aria-atomic="false">
      {list.map((t) => (
        <div key={t.id} class={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'}>
          {t.message}
        </div>
      ))}
    </div>
  );
}
