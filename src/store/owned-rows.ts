import { type RawBuilder, sql } from 'kysely';
import { type Db, json } from './db.ts';

/** Tables of workspace-owned resources addressed by id. */
export type OwnedTable =
  | 'agents'
  | 'call_outcomes'
  | 'integrations'
  | 'knowledge_bases'
  | 'llm_models'
  | 'phone_numbers'
  | 'publishable_keys'
  | 'tools'
  | 'voices'
  | 'webhooks';

/** Tables whose rows point at other resources by id. */
export type ReferrerTable = 'agents' | 'llm_models' | 'tools' | 'voices' | 'phone_numbers';

/** Delete a workspace's row by id; false when there was none. */
export async function deleteOwned(db: Db, table: OwnedTable, orgId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom(table).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Ids (ascending) of a workspace's rows in `table` whose `column` equals `id`: what still points at it. */
export async function referrerIds(
  db: Db,
  table: ReferrerTable,
  orgId: string,
  column: RawBuilder<unknown>,
  id: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom(table)
    .select('id')
    .where('org_id', '=', orgId)
    .where(column, '=', id)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Ids (ascending) of a workspace's models that list `id` in the jsonb id array `column`. */
export async function modelsListing(
  db: Db,
  orgId: string,
  column: 'tool_ids' | 'knowledge_base_ids',
  id: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('llm_models')
    .select('id')
    .where('org_id', '=', orgId)
    .where(sql<boolean>`${sql.ref(column)} @> ${json([id])}::jsonb`)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}
