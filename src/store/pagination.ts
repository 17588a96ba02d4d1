import type { SelectQueryBuilder } from 'kysely';
import type { Database } from './schema.ts';

/** Run an offset page (newest first) and its total over the same filtered query. */
export async function offsetPage<T extends keyof Database, O>(
  base: SelectQueryBuilder<Database, T, object>,
  select: (q: SelectQueryBuilder<Database, T, object>) => SelectQueryBuilder<Database, T, O>,
  page: { limit: number; offset: number },
  idColumn = 'id',
): Promise<{ rows: O[]; total: number }> {
  const [rows, count] = await Promise.all([
    select(base)
      .orderBy(idColumn as never, 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as O[], total: Number((count as { n: number }).n) };
}
