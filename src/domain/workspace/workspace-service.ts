import type { Clock } from '../../lib/clock.ts';
import { errors } from '../errors.ts';
import { newId } from '../ids.ts';
import { generateSecretKey, hashKey, keyPrefix } from './keys.ts';
import type { ApiKey, KeyLookup, Workspace, WorkspaceRepo } from './workspace.ts';

const cacheTtlMs = 5_000;
const touchEveryMs = 60_000;

/** Workspaces, secret keys and key authentication (decisions §3). */
export class WorkspaceService {
  private readonly cache = new Map<string, { at: number; lookup: KeyLookup | undefined }>();
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly repo: WorkspaceRepo,
    private readonly clock: Clock,
  ) {}

  /**
   * On an empty store: create workspace `default` and its admin key (`seedKey` when given).
   * Returns the key only when one was generated now; an existing store returns undefined.
   */
  async bootstrap(
    seedKey?: string,
  ): Promise<{ workspace: Workspace; apiKey: string; generated: boolean } | undefined> {
    if ((await this.repo.countWorkspaces()) > 0) {
      if (seedKey && !(await this.repo.findKeyByHash(hashKey(seedKey)))) {
        const first = (await this.repo.listWorkspaces())[0]!;
        await this.insertKey(first.id, 'PARLEY_API_KEY', seedKey, true);
      }
      return undefined;
    }
    const workspace = await this.repo.createWorkspace({ id: newId('workspace'), name: 'default' });
    const apiKey = seedKey ?? generateSecretKey();
    await this.insertKey(workspace.id, seedKey ? 'PARLEY_API_KEY' : 'bootstrap admin key', apiKey, true);
    return { workspace, apiKey, generated: !seedKey };
  }

  async createWorkspace(name: string): Promise<{ workspace: Workspace; apiKey: string }> {
    const workspace = await this.repo.createWorkspace({ id: newId('workspace'), name });
    const apiKey = generateSecretKey();
    await this.insertKey(workspace.id, 'default', apiKey, false);
    return { workspace, apiKey };
  }

  listWorkspaces(): Promise<Workspace[]> {
    return this.repo.listWorkspaces();
  }

  async getWorkspace(id: string): Promise<Workspace> {
    const w = await this.repo.getWorkspace(id);
    if (!w) throw errors.notFound('workspace', id);
    return w;
  }

  /** Create a secret key; the full key is returned only here. */
  async createApiKey(orgId: string, name: string): Promise<ApiKey & { key: string }> {
    const key = generateSecretKey();
    const row = await this.insertKey(orgId, name, key, false);
    return { ...row, key };
  }

  listApiKeys(orgId: string): Promise<ApiKey[]> {
    return this.repo.listApiKeys(orgId);
  }

  async deleteApiKey(orgId: string, id: string): Promise<void> {
    if (!(await this.repo.deleteApiKey(orgId, id))) throw errors.notFound('apiKey', id);
    this.cache.clear();
  }

  /** Resolve a presented bearer token; undefined when unknown. */
  async authenticate(token: string): Promise<KeyLookup | undefined> {
    if (!token.startsWith('oi_sk_') && !token.startsWith('oi_pk_')) return undefined;
    const hash = hashKey(token);
    const now = this.clock.monotonic();
    const hit = this.cache.get(hash);
    let lookup: KeyLookup | undefined;
    if (hit && now - hit.at < cacheTtlMs) lookup = hit.lookup;
    else {
      lookup = await this.repo.findKeyByHash(hash);
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, { at: now, lookup });
    }
    if (lookup && now - (this.touched.get(lookup.keyId) ?? Number.NEGATIVE_INFINITY) > touchEveryMs) {
      this.touched.set(lookup.keyId, now);
      await this.repo.touchKey(lookup.kind, lookup.keyId);
    }
    return lookup;
  }

  /** Forget cached lookups (after a key is changed or deleted). */
  invalidate(): void {
    this.cache.clear();
  }

  private insertKey(orgId: string, name: string, key: string, isAdmin: boolean): Promise<ApiKey> {
    return this.repo.insertApiKey({
      id: newId('apiKey'),
      orgId,
      name,
      hash: hashKey(key),
      prefix: keyPrefix(key),
      isAdmin,
    });
  }
}
