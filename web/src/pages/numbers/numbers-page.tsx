import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import type { Agent, Integration, Page, PhoneNumber } from '../../api/types.ts';
import { Badge } from '../../components/badge.tsx';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { DataTable, RowActions } from '../../components/data-table.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { Link } from '../../components/link.tsx';
import { PageHeader } from '../../components/page.tsx';
import { Async, Empty } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { hasPath, Requires, useOptionalApi, useRoutes } from '../../lib/capabilities.tsx';
import { byId, useList } from '../../lib/use-list.ts';
import { BuyNumber, RegisterNumber } from './number-acquire.tsx';
import { NumberEdit } from './number-edit.tsx';

export function NumbersPage() {
  return (
    <>
      <PageHeader title="Phone numbers">
        Numbers your agents call from and answer. Simulated (sim) numbers work with no phone network.
      </PageHeader>
      <Requires ops={['GET /v1/phone-numbers']} what="Phone numbers">
        <Numbers />
      </Requires>
    </>
  );
}

function Numbers() {
  const state = useOptionalApi<Page<PhoneNumber>>('/v1/phone-numbers?limit=100');
  const agents = useList<Agent>('/v1/agents');
  const integrations = useList<Integration>('/v1/integrations');
  const routes = useRoutes();
  const agentById = byId(agents.items);
  const [acquire, setAcquire] = useState<'buy' | 'register' | undefined>(undefined);
  const [editing, setEditing] = useState<PhoneNumber | undefined>(undefined);
  const [releasing, setReleasing] = useState<PhoneNumber | undefined>(undefined);
  const canBuy = routes && hasPath(routes, 'POST', '/v1/phone-numbers/purchase');
  const canRegister = routes && hasPath(routes, 'POST', '/v1/phone-numbers');
  const done = (n: PhoneNumber) => {
    setAcquire(undefined);
    toast(`${n.phone_number} added`);
    void state.reload();
  };
  const agentName = (id: string | null | undefined) => (id ? (agentById.get(id)?.name ?? id) : '—');
  const actions = (
    <div class="row-gap">
      {canBuy ? (
        <button type="button" class="btn btn-primary" onClick={() => setAcquire('buy')}>
          Get a number
        </button>
      ) : null}
      {canRegister ? (
        <button type="button" class="btn" onClick={() => setAcquire('register')}>
          Bring your own
        </button>
      ) : null}
    </div>
  );
  return (
    <>
      <div class="toolbar">{actions}</div>
      <Async state={state} what="Loading numbers…">
        {(page) =>
          page.items.length === 0 ? (
            <Empty title="No phone numbers yet">
              <p>
                Get a simulated number to try calls right away, or register one you own at Twilio or Telnyx.
              </p>
              {actions}
            </Empty>
          ) : (
            <div class="card card-flush">
              <DataTable headers={['Number', 'Carrier', 'Agent', 'Inbound', 'Status']} actions>
                {page.items.map((n) => (
                  <tr key={n.id}>
                    <td data-label="Number">
                      <span class="row-title mono">{n.phone_number}</span>
                      <div class="muted small">{n.friendly_name ?? n.id}</div>
                    </td>
                    <td data-label="Carrier">
                      <span class="chip">{n.provider}</span>
                      {n.inbound_trunk_id ? <div class="muted small">SIP trunk</div> : null}
                    </td>
                    <td data-label="Agent">
                      {n.agent_id ? <Link href={`/agents/${n.agent_id}`}>{agentName(n.agent_id)}</Link> : '—'}
                    </td>
                    <td data-label="Inbound" class="small">
                      {agentName(n.inbound_routing?.agent_id ?? n.agent_id)}
                      {n.inbound_routing?.fallback?.agent_id ? (
                        <div class="muted">fallback: {agentName(n.inbound_routing.fallback.agent_id)}</div>
                      ) : null}
                      {n.inbound_routing?.voicemail_message ? (
                        <div class="muted">voicemail message set</div>
                      ) : null}
                    </td>
                    <td data-label="Status">
                      <Badge value={n.status} />
                    </td>
                    <RowActions
                      onEdit={() => setEditing(n)}
                      onDelete={() => setReleasing(n)}
                      deleteLabel="Release"
                    >
                      {n.provider === 'sim' && n.agent_id ? (
                        <Link
                          href={`/simulate?agent=${n.agent_id}&from=${encodeURIComponent(n.phone_number)}`}
                          class="btn btn-small"
                        >
                          Simulate
                        </Link>
                      ) : null}
                    </RowActions>
                  </tr>
                ))}
              </DataTable>
            </div>
          )
        }
      </Async>
      <Dialog
        wide
        open={acquire !== undefined}
        title={acquire === 'register' ? 'Bring your own number' : 'Get a number'}
        onClose={() => setAcquire(undefined)}
      >
        {acquire === 'buy' ? <BuyNumber agents={agents.items ?? []} onDone={done} /> : null}
        {acquire === 'register' ? (
          <RegisterNumber agents={agents.items ?? []} integrations={integrations.items ?? []} onDone={done} />
        ) : null}
      </Dialog>
      <Dialog
        open={editing !== undefined}
        title={`Edit ${editing?.phone_number ?? ''}`}
        onClose={() => setEditing(undefined)}
      >
        {editing ? (
          <NumberEdit
            key={editing.id}
            n={editing}
            agents={agents.items ?? []}
            onCancel={() => setEditing(undefined)}
            onSaved={() => {
              setEditing(undefined);
              toast('Number saved');
              void state.reload();
            }}
          />
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={releasing !== undefined}
        title={`Release ${releasing?.phone_number ?? ''}?`}
        confirmLabel="Release"
        onClose={() => setReleasing(undefined)}
        onConfirm={async () => {
          await api('DELETE', `/v1/phone-numbers/${releasing!.id}`);
          toast('Number released');
          await state.reload();
        }}
      >
        <p>The number stops taking and placing calls through Parley. Its call history stays.</p>
      </ConfirmDialog>
    </>
  );
}
