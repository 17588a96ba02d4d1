import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import type { Page, Webhook, WebhookDelivery } from '../../api/types.ts';
import { Badge } from '../../components/badge.tsx';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { CopyButton } from '../../components/copy-button.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { Link } from '../../components/link.tsx';
import { Details, PageHeader, Section } from '../../components/page.tsx';
import { OffsetPager } from '../../components/pager.tsx';
import { Async, ErrorBanner } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { useOptionalApi } from '../../lib/capabilities.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { navigate } from '../../lib/router.ts';
import { useAction } from '../../lib/use-api.ts';
import { WebhookForm } from './webhook-form.tsx';

const limit = 50;

/** One webhook: its settings and secret, a test send, and the delivery log (polled while retries are pending). */
export function WebhookDetail({ id }: { id: string }) {
  const hook = useOptionalApi<Webhook>(`/v1/webhooks/${id}`);
  const [offset, setOffset] = useState(0);
  const deliveries = useOptionalApi<Page<WebhookDelivery>>(
    `/v1/webhooks/${id}/deliveries?limit=${limit}&offset=${offset}`,
    {
      refreshMs: (d) =>
        d?.items.some((x) => x.status === 'pending' || x.status === 'retrying') ? 3000 : 15000,
    },
  );
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [showSecret, setShowSecret] = useState(false);
  const test = useAction(async () => {
    const d = await api<WebhookDelivery>('POST', `/v1/webhooks/${id}/test`);
    toast(
      d.status === 'succeeded'
        ? `Test delivered (HTTP ${d.response_status})`
        : `Test failed: ${d.error ?? `HTTP ${d.response_status}`}`,
      d.status === 'succeeded' ? 'ok' : 'error',
    );
    setOffset(0);
    await deliveries.reload();
  });
  const w = hook.data;
  return (
    <>
      <PageHeader
        title={w?.name ?? 'Webhook'}
        back={{ href: '/webhooks', label: 'Webhooks' }}
        actions={
          w ? (
            <>
              <button
                type="button"
                class="btn btn-primary"
                disabled={test.busy}
                onClick={() => void test.run()}
              >
                {test.busy ? 'Sending…' : 'Send test event'}
              </button>
              <button type="button" class="btn" onClick={() => setEditing(true)}>
                Edit
              </button>
              <button type="button" class="btn btn-danger-ghost" onClick={() => setDeleting(true)}>
                Delete
              </button>
            </>
          ) : null
        }
      />
      {test.error ? <ErrorBanner error={test.error} title="Could not send the test" /> : null}
      <Async state={hook} what="Loading webhook…">
        {(w) => (
          <Section title="Settings" id="settings">
            <Details
              items={[
                ['URL', <span class="mono small">{w.url}</span>],
                ['Status', <Badge value={w.status} />],
                [
                  'Events',
                  <div class="chips">
                    {w.events.map((e) => (
                      <span key={e} class="chip mono">
                        {e}
                      </span>
                    ))}
                  </div>,
                ],
                [
                  'Signing secret',
                  <span class="row-gap">
                    <code>{showSecret ? w.secret : `${w.secret.slice(0, 10)}••••••••`}</code>
                    <button
                      type="button"
                      class="btn btn-small"
                      onClick={() => setShowSecret(!showSecret)}
                      aria-pressed={showSecret}
                    >
                      {showSecret ? 'Hide' : 'Reveal'}
                    </button>
                    <CopyButton value={w.secret} />
                  </span>,
                ],
                ['Created', formatDateTime(w.created_at)],
              ]}
            />
          </Section>
        )}
      </Async>
      <Section title="Delivery log" id="deliveries">
        <Async state={deliveries} what="Loading deliveries…">
          {(page) =>
            page.items.length === 0 ? (
              <p class="muted">No deliveries yet. Send a test event, or run a call.</p>
            ) : (
              <>
                <DataTable
                  headers={['Event', 'Status', 'Attempt', 'Response', 'Call', 'Created', 'Next retry / done']}
                  compact
                  testId="deliveries"
                >
                  {page.items.map((d) => (
                    <tr key={d.id}>
                      <td class="mono small">{d.event}</td>
                      <td>
                        <Badge value={d.status} />
                      </td>
                      <td>{d.attempt}</td>
                      <td class="small">
                        {d.response_status ? <code>{d.response_status}</code> : null}{' '}
                        {d.error ? <span class="muted">{d.error}</span> : null}
                        {d.response_body ? (
                          <details>
                            <summary>Body</summary>
                            <pre class="json">{d.response_body}</pre>
                          </details>
                        ) : null}
                      </td>
                      <td>
                        {d.call_id ? (
                          <Link href={`/calls/${d.call_id}`} class="mono small">
                            {d.call_id.slice(0, 14)}…
                          </Link>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td class="small">{formatDateTime(d.created_at)}</td>
                      <td class="small">
                        {d.next_retry_at ? formatDateTime(d.next_retry_at) : formatDateTime(d.completed_at)}
                      </td>
                    </tr>
                  ))}
                </DataTable>
                <OffsetPager offset={offset} limit={limit} total={page.total} onChange={setOffset} />
              </>
            )
          }
        </Async>
      </Section>
      <Dialog open={editing} title="Edit webhook" onClose={() => setEditing(false)}>
        {w ? (
          <WebhookForm
            hook={w}
            onCancel={() => setEditing(false)}
            onSaved={(x) => {
              hook.setData(x);
              setEditing(false);
              toast('Webhook saved');
            }}
          />
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={deleting}
        title={`Delete ${w?.name ?? 'webhook'}?`}
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          await api('DELETE', `/v1/webhooks/${id}`);
          toast('Webhook deleted');
          navigate('/webhooks');
        }}
      >
        <p>No more events are sent to {w?.url}. Agents that point at it must be changed first.</p>
      </ConfirmDialog>
    </>
  );
}
