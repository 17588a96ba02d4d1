/**
 * The API load generator, run as its own process (so it does not share Parley's event loop):
 * autocannon with one scenario from a JSON spec on argv[2]; prints one JSON line of results.
 */
import fs from 'node:fs';
// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon';

export interface LoadSpec {
  url: string;
  key: string;
  scenario: 'get' | 'create' | 'list';
  durationS: number;
  connections: number;
  /** get: ids to fetch at random. */
  ids?: string[];
  /** create: the request body fields. */
  create?: { agent_id: string; from_number: string; scheduledAt: string };
  /** list: query filters (without cursor); each connection walks up to `pages` cursor pages, then restarts. */
  list?: { query: string; pages: number };
}

export interface LoadResult {
  scenario: string;
  requests: number;
  requests_per_s: number;
  latency_ms: { p50: number; p90: number; p99: number; max: number; mean: number };
  non_2xx: number;
  errors: number;
  timeouts: number;
  pages_walked?: number;
}

type Req = { method?: string; path?: string; body?: string; headers?: Record<string, string> };
type Ctx = { cursor?: string | null };

function requestsFor(spec: LoadSpec, counters: { pages: number }) {
  const auth = { authorization: `Bearer ${spec.key}`, 'content-type': 'application/json' };
  if (spec.scenario === 'get') {
    const ids = spec.ids!;
    return [
      {
        method: 'GET',
        setupRequest: (req: Req) => ({
          ...req,
          path: `/v1/calls/${ids[Math.floor(Math.random() * ids.length)]}`,
          headers: auth,
        }),
      },
    ];
  }
  if (spec.scenario === 'create') {
    const c = spec.create!;
    let n = 0;
    return [
      {
        method: 'POST',
        setupRequest: (req: Req) => ({
          ...req,
          path: '/v1/calls',
          headers: auth,
          body: JSON.stringify({
            agent_id: c.agent_id,
            from_number: c.from_number,
            to_number: `+1415${String(n++ % 10_000_000).padStart(7, '0')}`,
            scheduled_at: c.scheduledAt,
            metadata: { bench: true },
          }),
        }),
      },
    ];
  }
  const l = spec.list!;
  // autocannon resets a connection's context when it wraps around its request list, so one walk of
  // `pages` pages is `pages` entries sharing the context (the cursor of the previous response).
  const page = {
    method: 'GET',
    setupRequest: (req: Req, ctx: Ctx) => {
      const cursor = ctx.cursor ? `&cursor=${ctx.cursor}` : '';
      return { ...req, path: `/v1/calls/cursor?${l.query}${cursor}`, headers: auth };
    },
    onResponse: (status: number, body: string, ctx: Ctx) => {
      if (status !== 200) return;
      ctx.cursor = (JSON.parse(body) as { next_cursor: string | null }).next_cursor;
      counters.pages++;
    },
  };
  return Array.from({ length: l.pages }, () => page);
}

async function main() {
  const spec = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as LoadSpec;
  const counters = { pages: 0 };
  const r = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationS,
    timeout: 10,
    requests: requestsFor(spec, counters),
  });
  const out: LoadResult = {
    scenario: spec.scenario,
    requests: r.requests.total,
    requests_per_s: Math.round(r.requests.total / r.duration),
    latency_ms: {
      p50: r.latency.p50,
      p90: r.latency.p90,
      p99: r.latency.p99,
      max: r.latency.max,
      mean: r.latency.average,
    },
    non_2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    ...(spec.scenario === 'list' ? { pages_walked: counters.pages } : {}),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

await main();
