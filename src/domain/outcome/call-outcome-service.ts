import { errors } from '../errors.ts';
import { isId, newId } from '../ids.ts';
import {
  builtinOutcomes,
  type CallOutcome,
  type CallOutcomePatch,
  type CallOutcomeRepo,
  deriveOutcomeName,
  isBuiltinOutcome,
} from './outcome.ts';

export interface CreateCallOutcomeInput {
  label: string;
  name?: string | null | undefined;
  description?: string | null | undefined;
}

/** Workspace call outcomes (reference §2.10, decisions §5): builtin names plus custom labels. */
export class CallOutcomeService {
  constructor(private readonly repo: CallOutcomeRepo) {}

  async list(orgId: string): Promise<{ builtin: string[]; items: CallOutcome[]; total: number }> {
    const items = await this.repo.list(orgId);
    return { builtin: [...builtinOutcomes], items, total: items.length };
  }

  /** Names post-call analysis may choose from: the builtins plus the workspace's active outcomes. */
  async activeNames(orgId: string): Promise<string[]> {
    const custom = (await this.repo.list(orgId)).filter((o) => o.is_active).map((o) => o.name);
    return [...builtinOutcomes, ...custom];
  }

  async create(orgId: string, input: CreateCallOutcomeInput): Promise<CallOutcome> {
    const name = input.name ?? deriveOutcomeName(input.label);
    if (!name)
      throw errors.invalidField(
        ['body', 'label'],
        'VALIDATION_ERROR',
        `No outcome name can be derived from label '${input.label}' (it must yield ^[a-z][a-z0-9_]*$); send \`name\` explicitly.`,
      );
    if (isBuiltinOutcome(name))
      throw errors.conflict(`'${name}' is a builtin outcome; it is already available to every workspace.`, {
        name,
      });
    const created = await this.repo.insert(orgId, {
      id: newId('callOutcome'),
      name,
      label: input.label,
      description: input.description ?? null,
    });
    if (!created)
      throw errors.conflict(`An outcome named '${name}' already exists in this workspace.`, { name });
    return created;
  }

  async get(orgId: string, id: string): Promise<CallOutcome> {
    const o = isId('callOutcome', id) ? await this.repo.get(orgId, id) : undefined;
    if (!o) throw errors.notFound('callOutcome', id);
    return o;
  }

  async update(orgId: string, id: string, patch: CallOutcomePatch): Promise<CallOutcome> {
    await this.get(orgId, id);
    const o = await this.repo.update(orgId, id, patch);
    if (!o) throw errors.notFound('callOutcome', id);
    return o;
  }

  /** Deleting is allowed (deactivating is the documented way); calls keep their stored label. */
  async delete(orgId: string, id: string): Promise<void> {
    await this.get(orgId, id);
    await this.repo.delete(orgId, id);
  }
}
