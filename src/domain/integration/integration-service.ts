import { errors } from '../errors.ts';
import { isId, newId } from '../ids.ts';
import {
  type Integration,
  type IntegrationPatch,
  type IntegrationProvider,
  type IntegrationRepo,
  maskKey,
  type ResolvedCredential,
  type Sealer,
  type StoredIntegration,
} from './integration.ts';
import { metadataIssues } from './integration-metadata.ts';

export interface CreateIntegrationInput {
  name: string;
  provider: IntegrationProvider;
  api_key: string;
  metadata?: Record<string, unknown> | undefined;
}

/** PATCH body: `metadata` merges key by key (null removes a key); `api_key` rotates the secret. */
export interface UpdateIntegrationInput {
  name?: string | null | undefined;
  provider?: IntegrationProvider | null | undefined;
  api_key?: string | null | undefined;
  metadata?: Record<string, unknown> | null | undefined;
}

const view = ({ encrypted_key: _sealed, ...i }: StoredIntegration): Integration => i;

const usageLabels = {
  tool_ids: 'tool',
  model_ids: 'model',
  voice_ids: 'voice',
  agent_ids: 'agent',
  phone_number_ids: 'phone number',
} as const;

/** BYOK credentials: keys sealed at rest (decisions §3), shown only masked, decrypted only for provider calls. */
export class IntegrationService {
  constructor(
    private readonly repo: IntegrationRepo,
    private readonly sealer: Sealer,
  ) {}

  async create(orgId: string, input: CreateIntegrationInput): Promise<Integration> {
    const metadata = input.metadata ?? {};
    const issues = metadataIssues(input.provider, metadata);
    if (issues.length > 0) throw errors.validation(issues);
    const stored = await this.repo.insert(orgId, {
      id: newId('integration'),
      name: input.name,
      provider: input.provider,
      encrypted_key: this.sealer.encrypt(input.api_key),
      masked_key: maskKey(input.api_key),
      metadata,
    });
    return view(stored);
  }

  async get(orgId: string, id: string): Promise<Integration> {
    return view(await this.stored(orgId, id));
  }

  async list(orgId: string, page: { limit: number; offset: number }) {
    const { items, total } = await this.repo.list(orgId, page);
    return { items: items.map(view), total };
  }

  async update(orgId: string, id: string, input: UpdateIntegrationInput): Promise<Integration> {
    const current = await this.stored(orgId, id);
    if (input.provider && input.provider !== current.provider)
      throw errors.invalidField(
        ['body', 'provider'],
        'VALIDATION_ERROR',
        `provider cannot be changed (this integration is '${current.provider}'); create a new integration instead`,
      );
    const patch: IntegrationPatch = {};
    if (input.name) patch.name = input.name;
    if (input.api_key) {
      patch.encrypted_key = this.sealer.encrypt(input.api_key);
      patch.masked_key = maskKey(input.api_key);
    }
    if (input.metadata) {
      const merged: Record<string, unknown> = { ...current.metadata };
      for (const [k, v] of Object.entries(input.metadata)) {
        if (v === null) delete merged[k];
        else merged[k] = v;
      }
      const issues = metadataIssues(current.provider, merged);
      if (issues.length > 0) throw errors.validation(issues);
      patch.metadata = merged;
    }
    const updated = await this.repo.update(orgId, id, patch);
    if (!updated) throw errors.notFound('integration', id);
    return view(updated);
  }

  async delete(orgId: string, id: string): Promise<void> {
    await this.stored(orgId, id);
    const usage = await this.repo.usage(orgId, id);
    const used = Object.entries(usage).filter(([, ids]) => ids.length > 0);
    if (used.length > 0) {
      const what = used.map(([k, ids]) => `${ids.length} ${usageLabels[k as keyof typeof usageLabels]}(s)`);
      throw errors.conflict(
        `Integration '${id}' is still used by ${what.join(', ')}; point them at another credential or delete them first.`,
        Object.fromEntries(used),
      );
    }
    await this.repo.delete(orgId, id);
  }

  /** The decrypted credential for a provider call (call engine, tools, voices). */
  async resolve(orgId: string, id: string): Promise<ResolvedCredential> {
    const i = await this.stored(orgId, id);
    return {
      id: i.id,
      provider: i.provider,
      apiKey: this.sealer.decrypt(i.encrypted_key),
      metadata: i.metadata,
    };
  }

  /**
   * The integration a body field references, which must hold a key for one of `providers`:
   * 404 when it does not exist in the workspace, 422 at `loc` when it is for another provider.
   */
  async requireProvider(
    orgId: string,
    id: string,
    providers: readonly IntegrationProvider[],
    loc: (string | number)[],
  ): Promise<Integration> {
    const i = await this.get(orgId, id);
    if (!providers.includes(i.provider))
      throw errors.invalidField(
        loc,
        'VALIDATION_ERROR',
        `credential_id '${id}' is an integration for ${i.provider}; this needs one for ${providers.join(' or ')}`,
      );
    return i;
  }

  private async stored(orgId: string, id: string): Promise<StoredIntegration> {
    const i = isId('integration', id) ? await this.repo.get(orgId, id) : undefined;
    if (!i) throw errors.notFound('integration', id);
    return i;
  }
}
