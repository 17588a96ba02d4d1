import type { WorkspaceSecretSource } from '../domain/webhook/call-event.ts';
import { generateWebhookSecret } from '../domain/webhook/webhook.ts';
import type { SecretBox } from '../lib/secret-box.ts';
import type { Db } from './db.ts';

/** The workspace's default webhook secret, sealed at rest and created on first use (once, across nodes). */
export class PgWorkspaceWebhookSecrets implements WorkspaceSecretSource {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
  ) {}

  async get(orgId: string): Promise<string> {
    const sealed = await this.read(orgId);
    if (sealed) return this.secrets.decrypt(sealed);
    // Only the first writer's secret is kept; everyone then reads that one.
    await this.db
      .updateTable('workspaces')
      .set({ webhook_secret_sealed: this.secrets.encrypt(generateWebhookSecret()) })
      .where('id', '=', orgId)
      .where('webhook_secret_sealed', 'is', null)
      .execute();
    const created = await this.read(orgId);
    if (!created) throw new Error(`workspace ${orgId} does not exist`);
    return this.secrets.decrypt(created);
  }

  private async read(orgId: string): Promise<string | null | undefined> {
    const r = await this.db
      .selectFrom('workspaces')
      .select('webhook_secret_sealed')
      .where('id', '=', orgId)
      .executeTakeFirst();
    return r?.webhook_secret_sealed;
  }
}
