import type { WorkspaceSecretSource } from '../webhook/call-event.ts';
import type { Workspace } from './workspace.ts';

/** `GET /v1/workspace`: the caller's workspace, its limits and its default webhook secret. */
export class WorkspaceSettings {
  constructor(
    private readonly workspaces: { getWorkspace(id: string): Promise<Workspace> },
    private readonly webhookSecrets: WorkspaceSecretSource,
  ) {}

  async get(orgId: string): Promise<Workspace & { webhook_secret: string }> {
    const w = await this.workspaces.getWorkspace(orgId);
    return { ...w, webhook_secret: await this.webhookSecrets.get(orgId) };
  }
}
