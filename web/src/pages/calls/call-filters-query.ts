/** Call filters as URL query values, and as the query of GET /v1/calls/cursor. */
export interface Filters {
  agent_id: string;
  status: string;
  type: string;
  direction: string;
  outcome: string;
  from: string;
  to: string;
}

export const filterKeys = ['agent_id', 'status', 'type', 'direction', 'outcome', 'from', 'to'] as const;

export function readFilters(q: URLSearchParams): Filters {
  return Object.fromEntries(filterKeys.map((k) => [k, q.get(k) ?? ''])) as unknown as Filters;
}

/** Date inputs are local days; the API takes ISO instants (`created_after` inclusive of the whole day). */
export function filterQuery(f: Filters): Record<string, string | undefined> {
  const day = (v: string, end: boolean) => {
    if (!v) return undefined;
    const d = new Date(`${v}T00:00:00`);
    if (end) d.setDate(d.getDate() + 1);
    return d.toISOString();
  };
  return {
    agent_id: f.agent_id || undefined,
    status: f.status || undefined,
    type: f.type || undefined,
    direction: f.direction || undefined,
    outcome: f.outcome || undefined,
    created_after: day(f.from, false),
    created_before: day(f.to, true),
  };
}
