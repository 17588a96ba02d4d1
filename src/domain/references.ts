import { errors, type ResourceName } from './errors.ts';

/** Resources that other resources point at by id. */
export type RefKind =
  | 'agent'
  | 'llmModel'
  | 'tool'
  | 'knowledgeBase'
  | 'integration'
  | 'webhook'
  | 'phoneNumber';

/** Looks up whether ids exist in a workspace (implemented by the store). */
export interface ReferenceLookup {
  /** The subset of `ids` that do not exist in the workspace. */
  missing(orgId: string, kind: RefKind, ids: readonly string[]): Promise<string[]>;
}

/** Throws `<RESOURCE>_NOT_FOUND` (404) naming the first id that does not exist in the workspace. */
export async function assertExists(
  refs: ReferenceLookup,
  orgId: string,
  kind: RefKind,
  ids: readonly (string | null | undefined)[],
) {
  const wanted = ids.filter((i): i is string => typeof i === 'string');
  if (wanted.length === 0) return;
  const missing = await refs.missing(orgId, kind, [...new Set(wanted)]);
  if (missing.length > 0) throw errors.notFound(kind as ResourceName, missing[0]);
}
