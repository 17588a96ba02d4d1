import { sql } from 'kysely';
import { newId } from '../domain/ids.ts';
import type { EmittedDelivery, OutboxRepo } from '../domain/webhook/call-event.ts';
import { type Db, json, type Tx } from './db.ts';

export type Emit = Parameters<OutboxRepo['emit']>[0];

const terminalEvents = sql.join(['call.ended', 'call.failed']);

/**
 * Store a call event and its deliveries in one statement and return the new deliveries, each with
 * whether it is first in line for its endpoint; undefined when nothing was stored (a repeat of a
 * once-per-call event, or a `transcript.partial` after the call's terminal event). Earlier events'
 * deliveries must be visible to this statement's snapshot: run it after the call's event lock, or
 * on a store that runs one statement at a time.
 */
export async function storeEvent(db: Db | Tx, e: Emit): Promise<EmittedDelivery[] | undefined> {
  const payload = json(e.payload);
  const refused =
    e.event === 'transcript.partial'
      ? sql`WHERE NOT EXISTS (SELECT 1 FROM call_events WHERE call_id = ${e.callId} AND event IN (${terminalEvents}))`
      : sql``;
  const event = sql`INSERT INTO call_events (org_id, call_id, event, payload, created_at)
    SELECT ${e.orgId}::text, ${e.callId}::text, ${e.event}::text, ${payload}::jsonb, ${e.now}::timestamptz ${refused}
    ON CONFLICT DO NOTHING RETURNING seq`;
  if (!e.targets.length) {
    const { rows } = await sql<{ seq: number }>`WITH ev AS (${event}) SELECT seq FROM ev`.execute(db);
    return rows.length ? [] : undefined;
  }
  const targets = sql.join(
    e.targets.map(
      (t) => sql`(${newId('webhookDelivery')}::text, ${t.webhookId}::text, ${t.url}::text, ${t.key}::text)`,
    ),
  );
  // New rows are invisible to the rest of the statement: "first in line" looks at earlier events' rows.
  const { rows } = await sql<{ org_id: string | null; id: string | null; ready: boolean | null }>`
    WITH ev AS (${event}),
    t (id, webhook_id, target_url, target_key) AS (VALUES ${targets}),
    d AS (
      INSERT INTO webhook_deliveries (id, org_id, webhook_id, target_url, event, message_id, call_id,
        payload, event_seq, target_key, created_at, updated_at)
      SELECT t.id, ${e.orgId}::text, t.webhook_id, t.target_url, ${e.event}::text, ${e.messageId}::text,
        ${e.callId}::text, ${payload}::jsonb, ev.seq, t.target_key, ${e.now}::timestamptz, ${e.now}::timestamptz
      FROM ev CROSS JOIN t
      ON CONFLICT DO NOTHING RETURNING org_id, id, call_id, target_key, event_seq)
    SELECT d.org_id, d.id, NOT EXISTS (
      SELECT 1 FROM webhook_deliveries p
      WHERE p.call_id = d.call_id AND p.target_key = d.target_key AND p.event_seq < d.event_seq
        AND p.status IN ('pending', 'retrying')) AS ready
    FROM ev LEFT JOIN d ON true
    ORDER BY d.id`.execute(db);
  if (!rows.length) return undefined;
  return rows.flatMap((r) =>
    r.id === null ? [] : [{ orgId: r.org_id!, id: r.id, ready: Boolean(r.ready) }],
  );
}
