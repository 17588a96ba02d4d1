import { errors } from '../errors.ts';
import { isId, newId } from '../ids.ts';
import type { IntegrationService } from '../integration/integration-service.ts';
import type { Tool, ToolFields, ToolRepo, ToolType } from './tool.ts';
import { applyToolPatch, type UpdateToolInput } from './tool-patch.ts';
import { credentialProviders, toolIssues } from './tool-rules.ts';

/** Create body after edge validation: `type` and `name`, plus the fields of that type. */
export type CreateToolInput = { type: ToolType; name: string } & {
  [K in Exclude<keyof ToolFields, 'type' | 'name'>]?: ToolFields[K] | null | undefined;
};

/** Tools of the seven types: per-type rules on create and on every PATCH result, credential checks, 409 on delete. */
export class ToolService {
  constructor(
    private readonly repo: ToolRepo,
    private readonly integrations: IntegrationService,
  ) {}

  async create(orgId: string, input: CreateToolInput): Promise<Tool> {
    const fields: ToolFields = {
      name: input.name,
      type: input.type,
      description: input.description ?? null,
      url: input.url ?? null,
      method: input.method ?? null,
      headers: input.headers ?? {},
      parameters: input.parameters ?? [],
      transfer_to: input.transfer_to ?? null,
      run_in_background: input.run_in_background ?? false,
      speak_during_execution: input.speak_during_execution ?? false,
      extraction_schema: input.extraction_schema ?? null,
      messaging_config: input.messaging_config ?? null,
      calendar_config: input.calendar_config ?? null,
      credential_id: input.credential_id ?? null,
      timeout_seconds: input.type === 'api_call' ? (input.timeout_seconds ?? 10) : null,
    };
    await this.check(orgId, fields, true);
    return this.repo.insert(orgId, { id: newId('tool'), ...fields });
  }

  async get(orgId: string, id: string): Promise<Tool> {
    const t = isId('tool', id) ? await this.repo.get(orgId, id) : undefined;
    if (!t) throw errors.notFound('tool', id);
    return t;
  }

  list(orgId: string, page: { limit: number; offset: number }) {
    return this.repo.list(orgId, page);
  }

  async update(orgId: string, id: string, patch: UpdateToolInput): Promise<Tool> {
    const current = await this.get(orgId, id);
    const { fields, issues } = applyToolPatch(current, patch);
    if (issues.length > 0) throw errors.validation(issues);
    await this.check(orgId, fields, patch.credential_id !== undefined);
    const updated = await this.repo.update(orgId, id, fields);
    if (!updated) throw errors.notFound('tool', id);
    return updated;
  }

  async delete(orgId: string, id: string): Promise<void> {
    await this.get(orgId, id);
    const models = await this.repo.modelsUsing(orgId, id);
    if (models.length > 0)
      throw errors.conflict(
        `Tool '${id}' is attached to ${models.length} model(s); remove it from their tool_ids first.`,
        { model_ids: models },
      );
    await this.repo.delete(orgId, id);
  }

  /** Whole-tool rules, then the credential (404 unknown, 422 wrong provider) when it is new or changed. */
  private async check(orgId: string, t: ToolFields, credentialChanged: boolean) {
    const issues = toolIssues(t);
    if (issues.length > 0) throw errors.validation(issues);
    const providers = credentialProviders[t.type];
    if (providers && t.credential_id && credentialChanged)
      await this.integrations.requireProvider(orgId, t.credential_id, providers, ['body', 'credential_id']);
  }
}
