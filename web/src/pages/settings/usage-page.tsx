import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import type { Call, CursorPage, Usage } from '../../api/types.ts';
import { BarChart } from '../../components/bar-chart.tsx';
import { PageHeader, Section } from '../../components/page.tsx';
import { Async, ErrorBanner, Loading } from '../../components/states.tsx';
import { hasPath, Requires, useOptionalApi, useRoutes } from '../../lib/capabilities.tsx';
import { formatCents, formatDateTime, formatNumber } from '../../lib/format.ts';

const days = 30;
const maxCalls = 3000;

interface Day {
  label: string;
  calls: number;
  minutes: number;
  cents: number;
}

/** Calls, minutes and cost per UTC day for the last 30 days, summed from the call log. */
async function dailyUsage(): Promise<{ days: Day[]; truncated: boolean }> {
  const start = new Date();
  start.setUTCHours(0, 0, 0, 0);
  start.setUTCDate(start.getUTCDate() - (days - 1));
  const byDay = new Map<string, Day>();
  for (let i = 0; i < days; i++) {
    const d = new Date(start.getTime() + i * 86_400_000).toISOString().slice(0, 10);
    byDay.set(d, { label: d, calls: 0, minutes: 0, cents: 0 });
  }
  let cursor: string | undefined;
  let seen = 0;
  for (;;) {
    const page = await api<CursorPage<Call>>('GET', '/v1/calls/cursor', {
      query: { limit: 100, created_after: start.toISOString(), cursor },
    });
    for (const c of page.items) {
      const day = byDay.get(c.created_at.slice(0, 10));
      if (!day) continue;
      day.calls++;
      day.minutes += c.credits_used ?? (c.duration_seconds ?? 0) / 60;
      day.cents += c.cost_cents ?? 0;
    }
    seen += page.items.length;
    if (!page.has_more || !page.next_cursor) return { days: [...byDay.values()], truncated: false };
    if (seen >= maxCalls) return { days: [...byDay.values()], truncated: true };
    cursor = page.next_cursor;
  }
}

export function UsagePage() {
  return (
    <>
      <PageHeader title="Usage">This month’s totals and the last {days} days, per UTC day.</PageHeader>
      <Requires ops={['GET /v1/usage']} what="The usage summary">
        <Snapshot />
      </Requires>
      <Requires ops={['GET /v1/calls/cursor']} what="Daily usage charts">
        <DailyCharts />
      </Requires>
    </>
  );
}

function Snapshot() {
  const state = useOptionalApi<Usage>('/v1/usage', { refreshMs: 30_000 });
  return (
    <Async state={state} what="Loading usage…">
      {(u) => (
        <div class="stats">
          <div class="stat">
            <span class="stat-label">Calls today</span>
            <span class="stat-value">{formatNumber(u.calls_made_today)}</span>
            <span class="stat-sub">
              {formatNumber(u.calls_remaining_today)} of {formatNumber(u.max_calls_per_day)} left
            </span>
            <div class="meter" aria-hidden="true">
              <span
                style={{
                  width: `${Math.min(100, (u.calls_made_today / Math.max(1, u.max_calls_per_day)) * 100)}%`,
                }}
              />
            </div>
          </div>
          <div class="stat">
            <span class="stat-label">Calls this month</span>
            <span class="stat-value">{formatNumber(u.calls_this_month)}</span>
            <span class="stat-sub">since {formatDateTime(u.period_start)}</span>
          </div>
          <div class="stat">
            <span class="stat-label">Minutes this month</span>
            <span class="stat-value">{formatNumber(u.minutes_used_this_month, 1)}</span>
            <span class="stat-sub">1 credit = 1 minute</span>
          </div>
          <div class="stat">
            <span class="stat-label">Cost this month</span>
            <span class="stat-value">{formatCents(u.cost_cents_this_month)}</span>
            <span class="stat-sub">estimated</span>
          </div>
          <div class="stat">
            <span class="stat-label">Knowledge token budget</span>
            <span class="stat-value">{formatNumber(u.kb_token_budget)}</span>
            <span class="stat-sub">tokens injected directly</span>
          </div>
        </div>
      )}
    </Async>
  );
}

function DailyCharts() {
  const routes = useRoutes();
  const [data, setData] = useState<{ days: Day[]; truncated: boolean } | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [n, setN] = useState(0);
  useEffect(() => {
    if (!routes || !hasPath(routes, 'GET', '/v1/calls/cursor')) return;
    let alive = true;
    dailyUsage().then(
      (d) => alive && setData(d),
      (e: Error) => alive && setError(e),
    );
    return () => {
      alive = false;
    };
  }, [routes, n]);
  if (error) return <ErrorBanner error={error} retry={() => setN(n + 1)} />;
  if (!data) return <Loading what="Adding up calls…" />;
  return (
    <>
      {data.truncated ? <p class="banner banner-warn">Showing the newest {maxCalls} calls only.</p> : null}
      <div class="charts">
        <Section title="Calls per day" id="calls-day">
          <BarChart
            title="Calls per day"
            minMax={4}
            data={data.days.map((d) => ({ label: d.label, value: d.calls }))}
          />
        </Section>
        <Section title="Minutes per day" id="minutes-day">
          <BarChart
            title="Minutes per day"
            data={data.days.map((d) => ({ label: d.label, value: d.minutes }))}
            format={(v) => formatNumber(v, v < 10 ? 1 : 0)}
          />
        </Section>
        <Section title="Cost per day" id="cost-day">
          <BarChart
            title="Cost per day"
            data={data.days.map((d) => ({ label: d.label, value: d.cents }))}
            format={(v) => formatCents(v)}
          />
        </Section>
      </div>
    </>
  );
}
