import { useState } from 'preact/hooks';
import { withQuery } from '../../api/client.ts';
import type { Agent, Call, CursorPage, OutcomeList } from '../../api/types.ts';
import { Badge } from '../../components/badge.tsx';
import { Link } from '../../components/link.tsx';
import { PageHeader } from '../../components/page.tsx';
import { Async, Empty } from '../../components/states.tsx';
import { Requires, useOptionalApi } from '../../lib/capabilities.tsx';
import { formatCents, formatDateTime, formatDuration, humanize, titleCase } from '../../lib/format.ts';
import { builtinOutcomes } from '../../lib/outcomes.ts';
import { setQuery, useLocation } from '../../lib/router.ts';
import { useApi } from '../../lib/use-api.ts';
import { byId, useList } from '../../lib/use-list.ts';
import { CallFilters } from './call-filters.tsx';
import { type Filters, filterKeys, filterQuery, readFilters } from './call-filters-query.ts';

const pageSize = 25;
export const isLive = (c: Pick<Call, 'status'>) => c.status !== 'completed' && c.status !== 'failed';

/** Calls: filters, cursor paging and live status (polls faster while a call on the page is live). */
export function CallsList() {
  return (
    <>
      <PageHeader title="Calls">Every web, outbound and inbound call, newest first.</PageHeader>
      <Requires ops={['GET /v1/calls/cursor']} what="The call log">
        <CallsTable />
      </Requires>
    </>
  );
}

function CallsTable() {
  const { query } = useLocation();
  const filters = readFilters(query);
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const agents = useList<Agent>('/v1/agents');
  const outcomes = useOptionalApi<OutcomeList>('/v1/workspace/call-outcomes');
  const agentById = byId(agents.items);
  const path = withQuery('/v1/calls/cursor', { ...filterQuery(filters), limit: pageSize, cursor });
  const state = useApi<CursorPage<Call>>(path, {
    refreshMs: (d) => (d?.items.some(isLive) ? 2000 : cursor ? false : 10000),
  });
  const outcomeNames = [
    ...new Set([
      ...(outcomes.data?.builtin ?? builtinOutcomes),
      ...(outcomes.data?.items ?? []).map((o) => o.name),
    ]),
  ];
  const changeFilters = (f: Filters) => {
    setCursors([]);
    setQuery(Object.fromEntries(filterKeys.map((k) => [k, f[k] || undefined])));
  };

  return (
    <>
      <CallFilters f={filters} onChange={changeFilters} agents={agents.items ?? []} outcomes={outcomeNames} />
      <Async state={state} what="Loading calls…">
        {(page) =>
          page.items.length === 0 ? (
            <Empty
              title={filterKeys.some((k) => filters[k]) ? 'No calls match these filters' : 'No calls yet'}
            >
              <p>
                Run one from <Link href="/simulate">Simulate</Link> (no phone needed) or{' '}
                <Link href="/talk">Talk to agent</Link>.
              </p>
            </Empty>
          ) : (
            <div class="card card-flush">
              <table class="table table-calls">
                <thead>
                  <tr>
                    <th scope="col">Call</th>
                    <th scope="col">Agent</th>
                    <th scope="col">Status</th>
                    <th scope="col">From → To</th>
                    <th scope="col">Duration</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Cost</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((c) => (
                    <tr key={c.id} class={isLive(c) ? 'row-live' : undefined}>
                      <td data-label="Call">
                        <Link href={`/calls/${c.id}`} class="row-title">
                          {formatDateTime(c.created_at)}
                        </Link>
                        <div class="muted small">{humanize(c.type)}</div>
                      </td>
                      <td data-label="Agent">
                        {agentById.get(c.agent_id)?.name ?? <span class="mono small">{c.agent_id}</span>}
                      </td>
                      <td data-label="Status">
                        <Badge value={c.status} />
                        {c.end_reason ? <div class="muted small">{humanize(c.end_reason)}</div> : null}
                      </td>
                      <td data-label="From → To" class="mono small">
                        {c.type === 'web' ? 'browser' : `${c.from_number ?? '?'} → ${c.to_number ?? '?'}`}
                      </td>
                      <td data-label="Duration">{formatDuration(c.duration_seconds)}</td>
                      <td data-label="Outcome">
                        {c.outcome ? titleCase(c.outcome) : <span class="muted">—</span>}
                      </td>
                      <td data-label="Cost">{formatCents(c.cost_cents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <nav class="pager" aria-label="Pages">
                <span>
                  {state.data?.items.some(isLive) ? 'Live: updating every 2 s' : `Page ${cursors.length + 1}`}
                </span>
                <button
                  type="button"
                  class="btn btn-small"
                  disabled={cursors.length === 0}
                  onClick={() => setCursors(cursors.slice(0, -1))}
                >
                  Newer
                </button>
                <button
                  type="button"
                  class="btn btn-small"
                  disabled={!page.has_more || !page.next_cursor}
                  onClick={() => page.next_cursor && setCursors([...cursors, page.next_cursor])}
                >
                  Older
                </button>
              </nav>
            </div>
          )
        }
      </Async>
    </>
  );
}
