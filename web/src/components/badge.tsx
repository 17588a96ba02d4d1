import { humanize } from '../lib/format.ts';

const tone: Record<string, string> = {
  queued: 'neutral',
  initiated: 'info',
  in_progress: 'live',
  completed: 'ok',
  failed: 'bad',
  active: 'ok',
  inactive: 'neutral',
  disabled: 'neutral',
  running: 'live',
  processing: 'live',
  pending: 'neutral',
  retrying: 'warn',
  succeeded: 'ok',
  success: 'ok',
  ready: 'ok',
  indexed: 'ok',
};

/** A coloured status pill; `in_progress` pulses. */
export function Badge({ value, label }: { value: string | null | undefined; label?: string }) {
  if (!value) return <span class="badge badge-neutral">{label ?? '—'}</span>;
  return <span class={`badge badge-${tone[value] ?? 'neutral'}`}>{label ?? humanize(value)}</span>;
}
