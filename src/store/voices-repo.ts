import type { Voice, VoiceLookup } from '../domain/voice/voice.ts';
import { iso } from './convert.ts';
import type { Db } from './db.ts';
import type { Row } from './schema.ts';

export const toVoice = (r: Row<'voices'>): Voice => {
  const { org_id: _org, created_at, ...rest } = r;
  return { ...rest, created_at: iso(created_at) };
};

/** Voice lookups: platform voices (org_id NULL) plus the workspace's imports. */
export class PgVoiceLookup implements VoiceLookup {
  constructor(private readonly db: Db) {}

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
