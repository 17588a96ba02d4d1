import type { Agent } from '../../api/types.ts';
import { callStatuses } from '../../api/types.ts';
import { SelectField } from '../../components/form.tsx';
import { humanize, titleCase } from '../../lib/format.ts';
import { type Filters, filterKeys } from './call-filters-query.ts';

const all = { value: '', label: 'All' };

/** The filter bar of the calls table; every change updates the URL (shareable, back button works). */
export function CallFilters({
  f,
  onChange,
  agents,
  outcomes,
}: {
  f: Filters;
  onChange: (f: Filters) => void;
  agents: Agent[];
  outcomes: string[];
}) {
  const set = (k: keyof Filters) => (v: string) => onChange({ ...f, [k]: v });
  const activeCount = filterKeys.filter((k) => f[k]).length;
  const active = activeCount > 0;
  // Phones start with the filters folded away; wider screens always show them.
  const wide = window.matchMedia('(min-width: 761px)').matches;
  return (
    <details class="filter-panel" open={wide}>
      <summary>Filters{activeCount ? ` · ${activeCount} active` : ''}</summary>
      <form class="filters" aria-label="Filter calls" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label="Agent"
          value={f.agent_id}
          onChange={set('agent_id')}
          options={[all, ...agents.map((a) => ({ value: a.id, label: a.name }))]}
        />
        <SelectField
          label="Status"
          value={f.status}
          onChange={set('status')}
          options={[all, ...callStatuses.map((s) => ({ value: s, label: humanize(s) }))]}
        />
        <SelectField
          label="Type"
          value={f.type}
          onChange={set('type')}
          options={[all, ...['outbound', 'inbound', 'web'].map((s) => ({ value: s, label: humanize(s) }))]}
        />
        <SelectField
          label="Direction"
          value={f.direction}
          onChange={set('direction')}
          options={[all, ...['outbound', 'inbound'].map((s) => ({ value: s, label: humanize(s) }))]}
        />
        <SelectField
          label="Outcome"
          value={f.outcome}
          onChange={set('outcome')}
          options={[all, ...outcomes.map((s) => ({ value: s, label: titleCase(s) }))]}
        />
        <div class="field">
          <label for="filter-from">From</label>
          <input
            id="filter-from"
            type="date"
            value={f.from}
            max={f.to || undefined}
            onChange={(e) => set('from')((e.target as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <label for="filter-to">To</label>
          <input
            id="filter-to"
            type="date"
            value={f.to}
            min={f.from || undefined}
            onChange={(e) => set('to')((e.target as HTMLInputElement).value)}
          />
        </div>
        {active ? (
          <button
            type="button"
            class="btn btn-ghost filters-clear"
            onClick={() => onChange(Object.fromEntries(filterKeys.map((k) => [k, ''])) as unknown as Filters)}
          >
            Clear filters
          </button>
        ) : null}
      </form>
    </details>
  );
}
