import { errors } from '../errors.ts';
import type { AuditEvent, AuditRepo } from './audit.ts';

export interface AuditPage {
  items: AuditEvent[];
  next_cursor: string | null;
  has_more: boolean;
  limit: number;
}

/** Opaque cursor: base64url of the last item's id (ids are time-sortable, newest first). */
export function encodeAuditCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^evt_[0-9a-hjkmnp-tv-z]{26}$/.test(id))
    throw errors.invalidField(
      ['query', 'cursor'],
      'VALIDATION_ERROR',
      'Invalid cursor; pass next_cursor unchanged',
    );
  return id;
}

/** The audit log of mutating requests (reference §2.14), newest first with cursor paging. */
export class AuditService {
  constructor(private readonly repo: AuditRepo) {}

  async list(
    orgId: string,
    q: {
      action?: string | undefined;
      resource_type?: string | undefined;
      limit: number;
      cursor?: string | undefined;
    },
  ): Promise<AuditPage> {
    const rows = await this.repo.list(orgId, {
      ...(q.action ? { action: q.action } : {}),
      ...(q.resource_type ? { resourceType: q.resource_type } : {}),
      ...(q.cursor ? { beforeId: decodeCursor(q.cursor) } : {}),
      limit: q.limit + 1,
    });
    const items = rows.slice(0, q.limit);
    const hasMore = rows.length > q.limit;
    return {
      items,
      next_cursor: hasMore ? encodeAuditCursor(items.at(-1)!.id) : null,
      has_more: hasMore,
      limit: q.limit,
    };
  }
}
