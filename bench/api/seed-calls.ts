import { newId } from '../../src/domain/ids.ts';
import type { Store } from '../../src/store/db.ts';

const crockford = '0123456789abcdefghjkmnpqrstvwxyz';

/** SQL for a lowercase ULID from a bigint ms expression: 10 time chars, then 16 random chars. */
function ulidSql(msExpr: string): string {
  const time = Array.from(
    { length: 10 },
    (_, k) => `substr('${crockford}', (((${msExpr}) >> ${5 * (9 - k)}) & 31)::int + 1, 1)`,
  );
  // md5 hex digits are valid (lowercase) Crockford base32 digits; one md5 is far cheaper than 16 random() picks.
  return `${time.join(' || ')} || substr(md5(random()::text), 1, 16)`;
}

const transcript =
  'Agent: Hi, this is Ava from Acme Dental, am I speaking with Sam?\nUser: Yes, speaking.\n' +
  'Agent: I am calling to confirm your cleaning on Thursday at 10 am. Does that still work?\n' +
  'User: Yes, that works, thank you.\nAgent: Great, see you Thursday. Goodbye!';
const messages = JSON.stringify([
  {
    role: 'assistant',
    content: 'Hi, this is Ava from Acme Dental, am I speaking with Sam?',
    start_ms: 400,
    end_ms: 3100,
  },
  { role: 'user', content: 'Yes, speaking.', start_ms: 3600, end_ms: 4500 },
  {
    role: 'assistant',
    content: 'I am calling to confirm your cleaning on Thursday at 10 am. Does that still work?',
    start_ms: 5100,
    end_ms: 9300,
  },
  { role: 'user', content: 'Yes, that works, thank you.', start_ms: 9900, end_ms: 11_200 },
]);

export interface SeedOptions {
  orgId: string;
  /** The real agent; four more made-up agent ids share the history with it. */
  agentId: string;
  count: number;
  /** The newest seeded call's creation time; the rest spread evenly over `spanMs` before it. */
  endMs: number;
  spanMs: number;
}

/**
 * Seed `count` ended calls with one `INSERT … SELECT generate_series`: ids are valid `call_` ULIDs whose
 * time part is the row's created_at (so ids sort by time, as the API mints them), and the filterable
 * columns vary (5 agents, 3 types, 85 % completed, 4 outcomes + none). They are finalized, as a real
 * history is: unfinalized, the watchdog would run post-call work on 100 of them every 5 s while measured.
 */
export async function seedCalls(
  store: Store,
  o: SeedOptions,
): Promise<{ seconds: number; agents: string[] }> {
  const agents = [o.agentId, ...Array.from({ length: 4 }, () => newId('agent'))];
  const step = Math.floor(o.spanMs / o.count);
  if (step < 1) throw new Error('spanMs must give each seeded call its own millisecond');
  const start = o.endMs - step * (o.count - 1);
  const ms = `(${start}::bigint + i::bigint * ${step})`;
  const t0 = performance.now();
  // Bulk load: drop the secondary indexes, insert, then rebuild them from their own definitions.
  const { rows: indexes } = await store.query<{ name: string; def: string }>(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes
      WHERE schemaname = current_schema() AND tablename = 'calls' AND indexname <> 'calls_pkey'`,
  );
  for (const ix of indexes) await store.query(`DROP INDEX ${ix.name}`);
  await store.query(
    `
    INSERT INTO calls (id, org_id, agent_id, type, direction, status, from_number, to_number, carrier,
      started_at, answered_at, ended_at, duration_seconds, end_reason, outcome, transcript, messages,
      created_at, updated_at, finalized_at)
    SELECT 'call_' || ${ulidSql('ms')}, $1, ($2::text[])[1 + i % 5],
      CASE WHEN i % 10 < 6 THEN 'outbound' WHEN i % 10 < 9 THEN 'inbound' ELSE 'web' END,
      CASE WHEN i % 10 < 6 THEN 'outbound' ELSE 'inbound' END,
      CASE WHEN i % 100 < 85 THEN 'completed' ELSE 'failed' END,
      '+1415555' || lpad((i % 10000)::text, 4, '0'), '+1415555' || lpad(((i * 7) % 10000)::text, 4, '0'),
      CASE WHEN i % 10 < 9 THEN 'sim' END,
      at + interval '2 seconds', at + interval '5 seconds', at + make_interval(secs => 35 + i % 240),
      30 + i % 240,
      CASE WHEN i % 100 < 85 THEN (CASE WHEN i % 2 = 0 THEN 'agent_hangup' ELSE 'customer_hangup' END) ELSE 'no_answer' END,
      (ARRAY[NULL, NULL, NULL, 'interested', 'not_interested', 'callback_requested', 'voicemail'])[1 + i % 7],
      $3, $4::jsonb, at, at + make_interval(secs => 36 + i % 240), at + make_interval(secs => 36 + i % 240)
    FROM (SELECT i, ${ms} AS ms, to_timestamp(${ms} / 1000.0) AS at FROM generate_series(0, ${o.count - 1}) AS i) AS s`,
    [o.orgId, agents, transcript, messages],
  );
  for (const ix of indexes) await store.query(ix.def);
  // A workspace with this history makes far more than the default 1 000 calls a day.
  await store.query('UPDATE workspaces SET max_calls_per_day = 100000000 WHERE id = $1', [o.orgId]);
  await store.query('VACUUM ANALYZE calls');
  return { seconds: (performance.now() - t0) / 1000, agents };
}

/** Random existing call ids (for GET /v1/calls/{id}). */
export async function sampleCallIds(store: Store, orgId: string, n: number): Promise<string[]> {
  const { rows } = await store.query<{ id: string }>(
    'SELECT id FROM calls WHERE org_id = $1 ORDER BY random() LIMIT $2',
    [orgId, n],
  );
  return rows.map((r) => r.id);
}
