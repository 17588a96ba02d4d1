import { errors } from '../errors.ts';
import { isId, newId } from '../ids.ts';
import { generatePublishableKey, hashKey, keyPrefix } from '../workspace/keys.ts';
import type { PublishableKey } from '../workspace/workspace.ts';
import { normalizeOrigin } from './allowed-origins.ts';

/** The only scope a publishable key can carry: creating web-call tokens. */
export const publishableKeyScopes = ['web_calls'] as const;

export type PublishableKeyPatch = Partial<Pick<PublishableKey, 'name' | 'allowed_origins' | 'is_active'>>;

export interface PublishableKeyRepo {
  insert(
    orgId: string,
    k: { id: string; name: string; hash: string; prefix: string; allowedOrigins: string[]; scopes: string[] },
  ): Promise<PublishableKey>;
  get(orgId: string, id: string): Promise<PublishableKey | undefined>;
  list(orgId: string): Promise<PublishableKey[]>;
  update(orgId: string, id: string, patch: PublishableKeyPatch): Promise<PublishableKey | undefined>;
  delete(orgId: string, id: string): Promise<boolean>;
}

/** Lets the key service drop cached key lookups after a change (WorkspaceService does the caching). */
export interface KeyCache {
  invalidate(): void;
}

/** Browser keys `oi_pk_live_…` (reference §2.11, decisions §3): origin-locked, web-call tokens only. */
export class PublishableKeyService {
  constructor(
    private readonly repo: PublishableKeyRepo,
    private readonly cache: KeyCache,
  ) {}

  /** The full key is returned only here. */
  async create(
    orgId: string,
    input: { name: string; allowed_origins?: string[] | undefined; scopes?: string[] | null | undefined },
  ): Promise<PublishableKey & { key: string }> {
    const key = generatePublishableKey();
    const row = await this.repo.insert(orgId, {
      id: newId('publishableKey'),
      name: input.name,
      hash: hashKey(key),
      prefix: keyPrefix(key),
      allowedOrigins: canonicalOrigins(input.allowed_origins ?? []),
      scopes: input.scopes?.length ? [...new Set(input.scopes)] : [...publishableKeyScopes],
    });
    return { ...row, key };
  }

  list(orgId: string): Promise<PublishableKey[]> {
    return this.repo.list(orgId);
  }

  async get(orgId: string, id: string): Promise<PublishableKey> {
    const k = isId('publishableKey', id) ? await this.repo.get(orgId, id) : undefined;
    if (!k) throw errors.notFound('publishableKey', id);
    return k;
  }

  async update(orgId: string, id: string, patch: PublishableKeyPatch): Promise<PublishableKey> {
    await this.get(orgId, id);
    const k = await this.repo.update(orgId, id, {
      ...patch,
      ...(patch.allowed_origins ? { allowed_origins: canonicalOrigins(patch.allowed_origins) } : {}),
    });
    if (!k) throw errors.notFound('publishableKey', id);
    this.cache.invalidate();
    return k;
  }

  async delete(orgId: string, id: string): Promise<void> {
    await this.get(orgId, id);
    await this.repo.delete(orgId, id);
    this.cache.invalidate();
  }
}

/** Canonical, de-duplicated origins; the schema has already rejected malformed entries. */
function canonicalOrigins(list: string[]): string[] {
  return [...new Set(list.map((o) => normalizeOrigin(o) ?? o))];
}
