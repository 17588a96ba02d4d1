import type { AuditEvent, AuditRepo, NewAuditEvent } from '../domain/audit/audit.ts';
import { iso } from './convert.ts';
import type { Db } from './db.ts';

export class PgAuditRepo implements AuditRepo {
  constructor(private readonly db: Db) {}

  async insert(e: NewAuditEvent & { id: string }): Promise<void> {
    await this.db.insertInto('audit_events').values(e).execute();
  }

  async list(
    orgId: string,
    q: { action?: string; resourceType?: string; limit: number; beforeId?: string },
  ): Promise<AuditEvent[]> {
    let query = this.db.selectFrom('audit_events').selectAll().where('org_id', '=', orgId);
    if (q.action) query = query.where('action', '=', q.action);
    if (q.resourceType) query = query.where('resource_type', '=', q.resourceType);
    if (q.beforeId) query = query.where('id', '<', q.beforeId);
    const rows = await query.orderBy('id', 'desc').limit(q.limit).execute();
    return rows.map((r) => ({ ...r, created_at: iso(r.created_at) }));
  }
}
