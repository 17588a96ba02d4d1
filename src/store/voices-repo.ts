import { sql } from 'kysely';
import type { NewVoice, OwnedVoice, Voice, VoiceLookup, VoiceRepo } from '../domain/voice/voice.ts';
import { iso } from './convert.ts';
import type { Db } from './db.ts';
import { deleteOwned, referrerIds } from './owned-rows.ts';
import type { Row } from './schema.ts';

export const toVoice = (r: Row<'voices'>): Voice => {
  const { org_id: _org, created_at, ...rest } = r;
  return { ...rest, created_at: iso(created_at) };
};

/** Voice lookups: platform voices (org_id NULL) plus the workspace's imports. */
export class PgVoiceLookup implements VoiceLookup {
  constructor(protected readonly db: Db) {}

  async find(orgId: string, id: string): Promise<Voice | undefined> {
    const r = await this.db
      .selectFrom('voices')
      .selectAll()
      .where('id', '=', id)
      .where((eb) => eb.or([eb('org_id', 'is', null), eb('org_id', '=', orgId)]))
      .executeTakeFirst();
    return r && toVoice(r);
  }
}

/** Voice catalogue and imports; org-less rows are the platform's and never deleted here. */
export class PgVoiceRepo extends PgVoiceLookup implements VoiceRepo {
  async list(
    orgId: string,
    filter: { provider?: string | undefined },
    page: { limit: number; offset: number },
  ) {
    let base = this.db
      .selectFrom('voices')
      .where((eb) => eb.or([eb('org_id', 'is', null), eb('org_id', '=', orgId)]));
    if (filter.provider) base = base.where('provider', '=', filter.provider);
    const [rows, count] = await Promise.all([
      base
        .selectAll()
        .orderBy(sql`org_id IS NULL`, 'desc')
        .orderBy(sql`CASE WHEN org_id IS NULL THEN id END`, 'asc')
        .orderBy('id', 'desc')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toVoice), total: Number(count.n) };
  }

  async findOwned(orgId: string, id: string): Promise<OwnedVoice | undefined> {
    const r = await this.db
      .selectFrom('voices')
      .selectAll()
      .where('id', '=', id)
      .where((eb) => eb.or([eb('org_id', 'is', null), eb('org_id', '=', orgId)]))
      .executeTakeFirst();
    return r && { ...toVoice(r), platform: r.org_id === null };
  }

  async insert(orgId: string, v: NewVoice): Promise<Voice> {
    const r = await this.db
      .insertInto('voices')
      .values({ ...v, org_id: orgId })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toVoice(r);
  }

  delete(orgId: string, id: string): Promise<boolean> {
    return deleteOwned(this.db, 'voices', orgId, id);
  }

  agentsUsing(orgId: string, id: string): Promise<string[]> {
    return referrerIds(this.db, 'agents', orgId, sql`tts->>'voice_id'`, id);
  }
}

/** Upsert the platform catalogue (idempotent; runs at every start). */
export async function seedPlatformVoices(
  db: Db,
  voices: readonly {
    id: string;
    provider: string;
    provider_voice_id: string;
    name: string;
    gender: string;
    language: string;
    accent: string;
    model: string | null;
  }[],
): Promise<void> {
  if (voices.length === 0) return;
  await db
    .insertInto('voices')
    .values(voices.map((v) => ({ ...v, org_id: null, preview_url: null, credential_id: null })))
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        provider_voice_id: eb.ref('excluded.provider_voice_id'),
        model: eb.ref('excluded.model'),
        accent: eb.ref('excluded.accent'),
      })),
    )
    .execute();
}
