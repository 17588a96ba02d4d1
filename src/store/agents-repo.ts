import { sql } from 'kysely';
import type { Agent, AgentPatch, AgentRepo, NewAgent } from '../domain/agent/agent.ts';
import { iso } from './convert.ts';
import { type Db, json } from './db.ts';
import { deleteOwned } from './owned-rows.ts';
import { offsetPage } from './pagination.ts';
import type { Row } from './schema.ts';

const jsonColumns = ['transcriber', 'tts', 'end_call_phrases', 'dynamic_variables', 'metadata'] as const;

const toAgent = (r: Row<'agents'>): Agent => {
  const { org_id: _org, created_at, updated_at, ...rest } = r;
  return {
    ...(rest as unknown as Omit<Agent, 'created_at' | 'updated_at'>),
    created_at: iso(created_at),
    updated_at: iso(updated_at),
  };
};

function toColumns<T extends AgentPatch>(a: T): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const c of jsonColumns) if (a[c] !== undefined) out[c] = json(a[c]);
  return out;
}

export class PgAgentRepo implements AgentRepo {
  constructor(private readonly db: Db) {}

  async insert(orgId: string, a: NewAgent): Promise<Agent> {
    const r = await this.db
      .insertInto('agents')
      .values({ ...(toColumns(a) as object), org_id: orgId } as never)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toAgent(r);
  }

  async get(orgId: string, id: string): Promise<Agent | undefined> {
    const r = await this.db
      .selectFrom('agents')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toAgent(r);
  }

  async list(orgId: string, page: { limit: number; offset: number }) {
    const base = this.db.selectFrom('agents').where('org_id', '=', orgId);
    const { rows, total } = await offsetPage(base, (q) => q.selectAll(), page);
    return { items: rows.map(toAgent), total };
  }

  async update(orgId: string, id: string, patch: AgentPatch): Promise<Agent | undefined> {
    const r = await this.db
      .updateTable('agents')
      .set({ ...(toColumns(patch) as object), updated_at: new Date() } as never)
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return r && toAgent(r);
  }

  delete(orgId: string, id: string): Promise<boolean> {
    return deleteOwned(this.db, 'agents', orgId, id);
  }

  async phoneNumbersUsing(orgId: string, id: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('phone_numbers')
      .select('id')
      .where('org_id', '=', orgId)
      .where((eb) =>
        eb.or([
          eb('agent_id', '=', id),
          eb(sql`inbound_routing->>'agent_id'`, '=', id),
          eb(sql`inbound_routing->'fallback'->>'agent_id'`, '=', id),
        ]),
      )
      .execute();
    return rows.map((r) => r.id);
  }
}
