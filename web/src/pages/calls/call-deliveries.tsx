import { useEffect, useRef } from 'preact/hooks';
import type { CallWebhookDelivery } from '../../api/types.ts';
import { Badge } from '../../components/badge.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { Link } from '../../components/link.tsx';
import { Async } from '../../components/states.tsx';
import { useOptionalApi } from '../../lib/capabilities.tsx';
import { formatDateTime } from '../../lib/format.ts';

/** Where a delivery went: its workspace webhook (linked), or the call's own `webhook_url`. */
function Target({ d }: { d: CallWebhookDelivery }) {
  if (!d.webhook_id)
    return (
      <span class="mono small" title="The call's own webhook_url">
        {d.target_url} <span class="muted">(call)</span>
      </span>
    );
  return (
    <Link href={`/webhooks/${d.webhook_id}`} class="mono small">
      {d.target_url}
    </Link>
  );
}

/**
 * This call's webhook deliveries from `GET /v1/calls/{id}/webhook-deliveries`: every endpoint, the
 * workspace's webhooks and the call's own `webhook_url`, in event order. Reloaded when the call changes.
 */
export function CallDeliveries({ callId, refreshKey }: { callId: string; refreshKey: string }) {
  const state = useOptionalApi<{ items: CallWebhookDelivery[] }>(`/v1/calls/${callId}/webhook-deliveries`);
  const firstKey = useRef(refreshKey);
  const reload = useRef(state.reload);
  reload.current = state.reload;
  // The call changed (status, new messages): its events may have gone out; refresh in place.
  useEffect(() => {
    if (refreshKey !== firstKey.current) void reload.current();
  }, [refreshKey]);
  if (state.missing) return <p class="muted small">This server does not list a call’s webhook deliveries.</p>;
  return (
    <Async state={state} what="Loading deliveries…">
      {({ items }) =>
        items.length === 0 ? (
          <p class="muted small">
            No webhook deliveries for this call. <Link href="/webhooks">Add a webhook</Link> to receive call
            events.
          </p>
        ) : (
          <DataTable headers={['Event', 'Endpoint', 'Status', 'Attempts', 'Response', 'Sent']} compact>
            {items.map((d) => (
              <tr key={d.id}>
                <td class="mono small">{d.event}</td>
                <td>
                  <Target d={d} />
                </td>
                <td>
                  <Badge value={d.status} />
                </td>
                <td>{d.attempt}</td>
                <td class="mono small">{d.response_status ?? d.error ?? '—'}</td>
                <td>{formatDateTime(d.created_at)}</td>
              </tr>
            ))}
          </DataTable>
        )
      }
    </Async>
  );
}
