import { useEffect, useState } from 'preact/hooks';
import { api, listAll } from '../../api/client.ts';
import type { Page, Webhook, WebhookDelivery } from '../../api/types.ts';
import { Badge } from '../../components/badge.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { Link } from '../../components/link.tsx';
import { ErrorBanner, Loading } from '../../components/states.tsx';
import { hasPath, useRoutes } from '../../lib/capabilities.tsx';
import { formatDateTime } from '../../lib/format.ts';

/**
 * This call's webhook deliveries: each workspace webhook's delivery log filtered by `call_id`.
 * (Deliveries to a call's own `webhook_url` belong to no webhook and are not listed by the API.)
 */
export function CallDeliveries({ callId, refreshKey }: { callId: string; refreshKey: string }) {
  const routes = useRoutes();
  const [rows, setRows] = useState<(WebhookDelivery & { webhook: Webhook })[] | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const available =
    routes && hasPath(routes, 'GET', '/v1/webhooks') && hasPath(routes, 'GET', '/v1/webhooks/x/deliveries');
  useEffect(() => {
    if (!available) return;
    let alive = true;
    void (async () => {
      try {
        const hooks = await listAll<Webhook>('/v1/webhooks');
        const lists = await Promise.all(
          hooks.map(async (w) => {
            const page = await api<Page<WebhookDelivery>>('GET', `/v1/webhooks/${w.id}/deliveries`, {
              query: { limit: 200 },
            });
            return page.items.filter((d) => d.call_id === callId).map((d) => ({ ...d, webhook: w }));
          }),
        );
        if (alive) setRows(lists.flat().sort((a, b) => a.created_at.localeCompare(b.created_at)));
      } catch (e) {
        if (alive) setError(e as Error);
      }
    })();
    return () => {
      alive = false;
    };
  }, [available, callId, refreshKey]);
  if (routes && !available)
    return <p class="muted small">This server does not list webhook deliveries yet.</p>;
  if (error) return <ErrorBanner error={error} />;
  if (!rows) return <Loading what="Loading deliveries…" />;
  if (rows.length === 0)
    return (
      <p class="muted small">
        No webhook deliveries for this call. <Link href="/webhooks">Add a webhook</Link> to receive call
        events.
      </p>
    );
  return (
    <DataTable headers={['Event', 'Webhook', 'Status', 'Attempts', 'Response', 'Sent']} compact>
      {rows.map((d) => (
        <tr key={d.id}>
          <td class="mono small">{d.event}</td>
          <td>
            <Link href={`/webhooks/${d.webhook.id}`}>{d.webhook.name}</Link>
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
  );
}
