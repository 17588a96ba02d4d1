import type { NewTool, Tool, ToolFields, ToolRepo } from '../domain/tool/tool.ts';
import { iso } from './convert.ts';
import { type Db, json } from './db.ts';
import { deleteOwned, modelsListing } from './owned-rows.ts';
import { offsetPage } from './pagination.ts';
import type { Row } from './schema.ts';

const toTool = (r: Row<'tools'>): Tool =>
  // type, method and the jsonb shapes are only ever written by ToolService after validation
  ({
    id: r.id,
    name: r.name,
    type: r.type,
    description: r.description,
    url: r.url,
    method: r.method,
    headers: r.headers,
    parameters: r.parameters,
    transfer_to: r.transfer_to,
    run_in_background: r.run_in_background,
    speak_during_execution: r.speak_during_execution,
    extraction_schema: r.extraction_schema,
    messaging_config: r.messaging_config,
    calendar_config: r.calendar_config,
    credential_id: r.credential_id,
    timeout_seconds: r.timeout_ms === null ? null : r.timeout_ms / 1000,
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
  }) as unknown as Tool;

function toColumns(t: ToolFields) {
  const {
    timeout_seconds,
    headers,
    parameters,
    extraction_schema,
    messaging_config,
    calendar_config,
    ...rest
  } = t;
  return {
    ...rest,
    headers: json(headers),
    parameters: json(parameters),
    extraction_schema: json(extraction_schema),
    messaging_config: json(messaging_config),
    calendar_config: json(calendar_config),
    timeout_ms: timeout_seconds === null ? null : Math.round(timeout_seconds * 1000),
  };
}

export class PgToolRepo implements ToolRepo {
  constructor(private readonly db: Db) {}

  async insert(orgId: string, t: NewTool): Promise<Tool> {
    const { id, ...fields } = t;
    const r = await this.db
      .insertInto('tools')
      .values({ ...toColumns(fields), id, org_id: orgId })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toTool(r);
  }

  async get(orgId: string, id: string): Promise<Tool | undefined> {
    const r = await this.db
      .selectFrom('tools')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toTool(r);
  }

  async list(orgId: string, page: { limit: number; offset: number }) {
    const base = this.db.selectFrom('tools').where('org_id', '=', orgId);
    const { rows, total } = await offsetPage(base, (q) => q.selectAll(), page);
    return { items: rows.map(toTool), total };
  }

  async update(orgId: string, id: string, t: ToolFields): Promise<Tool | undefined> {
    const r = await this.db
      .updateTable('tools')
      .set({ ...toColumns(t), updated_at: new Date() })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return r && toTool(r);
  }

  delete(orgId: string, id: string): Promise<boolean> {
    return deleteOwned(this.db, 'tools', orgId, id);
  }

  modelsUsing(orgId: string, id: string): Promise<string[]> {
    return modelsListing(this.db, orgId, 'tool_ids', id);
  }
}
