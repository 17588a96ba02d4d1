import type { Call } from '../../api/types.ts';
import { DataTable } from '../../components/data-table.tsx';
import { formatCents, formatNumber, humanize } from '../../lib/format.ts';

const itemNames: Record<string, string> = {
  llm: 'LLM',
  stt: 'Speech-to-text',
  tts: 'Text-to-speech',
  carrier: 'Carrier',
};

/** cost_cents and its breakdown (carrier minutes, provider units), plus credits. */
export function CostBreakdown({ call }: { call: Call }) {
  const items = call.cost_breakdown ?? [];
  return (
    <div>
      <div class="stats stats-small">
        <div class="stat">
          <span class="stat-label">Cost</span>
          <span class="stat-value">{formatCents(call.cost_cents)}</span>
        </div>
        <div class="stat">
          <span class="stat-label">Credits</span>
          <span class="stat-value">{formatNumber(call.credits_used, 2)}</span>
        </div>
      </div>
      {items.length ? (
        <DataTable headers={['Item', 'Quantity', 'Cost']} compact>
          {items.map((i) => (
            <tr key={i.item}>
              <td>{itemNames[i.item] ?? humanize(i.item)}</td>
              <td>
                {formatNumber(i.quantity, 2)} {i.unit}
                <div class="muted small">
                  at {formatCents(i.unit_price_cents)} / {i.unit}
                </div>
              </td>
              <td>{formatCents(i.cents)}</td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <p class="muted small">
          {call.cost_cents === null ? 'No price is known for this call.' : 'No itemised breakdown.'}
        </p>
      )}
    </div>
  );
}
