import type { DailyUsage, Usage } from '../../api/types.ts';
import { BarChart } from '../../components/bar-chart.tsx';
import { PageHeader, Section } from '../../components/page.tsx';
import { Async } from '../../components/states.tsx';
import { Requires, useOptionalApi } from '../../lib/capabilities.tsx';
import { formatCents, formatDateTime, formatNumber } from '../../lib/format.ts';

const days = 30;

export function UsagePage() {
  return (
    <>
      <PageHeader title="Usage">This month’s totals and the last {days} days, per UTC day.</PageHeader>
      <Requires ops={['GET /v1/usage']} what="The usage summary">
        <Snapshot />
      </Requires>
      <Requires ops={['GET /v1/usage/daily']} what="Daily usage charts">
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

/** Calls, minutes and cost per UTC day, summed by the server (`GET /v1/usage/daily`). */
function DailyCharts() {
  const state = useOptionalApi<DailyUsage>(`/v1/usage/daily?days=${days}`, { refreshMs: 60_000 });
  return (
    <Async state={state} what="Loading daily usage…">
      {(u) => (
        <div class="charts">
          <Section title="Calls per day" id="calls-day">
            <BarChart
              title="Calls per day"
              minMax={4}
              data={u.items.map((d) => ({ label: d.date, value: d.calls }))}
            />
          </Section>
          <Section title="Minutes per day" id="minutes-day">
            <BarChart
              title="Minutes per day"
              data={u.items.map((d) => ({ label: d.date, value: d.minutes }))}
              format={(v) => formatNumber(v, v < 10 ? 1 : 0)}
            />
          </Section>
          <Section title="Cost per day" id="cost-day">
            <BarChart
              title="Cost per day"
              data={u.items.map((d) => ({ label: d.date, value: d.cost_cents }))}
              format={(v) => formatCents(v)}
            />
          </Section>
        </div>
      )}
    </Async>
  );
}
