import { useState } from 'preact/hooks';
import type { Page, Webhook } from '../../api/types.ts';
import { Badge } from '../../components/badge.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { Link } from '../../components/link.tsx';
import { PageHeader } from '../../components/page.tsx';
import { Async, Empty } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { Requires, useOptionalApi } from '../../lib/capabilities.tsx';
import { navigate } from '../../lib/router.ts';
import { WebhookForm } from './webhook-form.tsx';

export function WebhooksPage() {
  return (
    <>
      <PageHeader title="Webhooks">
        Signed call events pushed to your servers, retried with backoff, every attempt logged.
      </PageHeader>
      <Requires ops={['GET /v1/webhooks', 'POST /v1/webhooks']} what="Webhooks">
        <WebhooksTable />
      </Requires>
    </>
  );
}

function WebhooksTable() {
  const state = useOptionalApi<Page<Webhook>>('/v1/webhooks?limit=100');
  const [creating, setCreating] = useState(false);
  const add = (
    <button type="button" class="btn btn-primary" onClick={() => setCreating(true)}>
      New webhook
    </button>
  );
  return (
    <>
      <div class="toolbar">{add}</div>
      <Async state={state} what="Loading webhooks…">
        {(page) =>
          page.items.length === 0 ? (
            <Empty title="No webhooks yet">
              <p>Get call.started, call.ended, call.analyzed, transcripts and recordings as they happen.</p>
              {add}
            </Empty>
          ) : (
            <div class="card card-flush">
              <DataTable headers={['Name', 'URL', 'Events', 'Status']}>
                {page.items.map((w) => (
                  <tr key={w.id}>
                    <td data-label="Name">
                      <Link href={`/webhooks/${w.id}`} class="row-title">
                        {w.name}
                      </Link>
                    </td>
                    <td data-label="URL" class="mono small">
                      {w.url}
                    </td>
                    <td data-label="Events">
                      <div class="chips">
                        {w.events.map((e) => (
                          <span key={e} class="chip mono">
                            {e}
                          </span>
                        ))}
                      </div>
                    </td>
                    <td data-label="Status">
                      <Badge value={w.status} />
                    </td>
                  </tr>
                ))}
              </DataTable>
            </div>
          )
        }
      </Async>
      <Dialog open={creating} title="New webhook" onClose={() => setCreating(false)}>
        <WebhookForm
          onCancel={() => setCreating(false)}
          onSaved={(w) => {
            toast(`Webhook “${w.name}” created`);
            setCreating(false);
            navigate(`/webhooks/${w.id}`);
          }}
        />
      </Dialog>
    </>
  );
}
