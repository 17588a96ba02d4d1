/** One lookup of a batch: a key (a call id, a provider) inside a workspace. */
export interface WorkspaceKey {
  orgId: string;
  key: string;
}

/**
 * Answers a DataLoader batch of lookups with one query per workspace (run together), in the order
 * the lookups were made; a key asked for twice is queried once and answered to both.
 */
export async function loadPerWorkspace<V>(
  keys: readonly WorkspaceKey[],
  query: (orgId: string, keys: string[]) => Promise<Iterable<readonly [string, V]>>,
): Promise<(V | undefined)[]> {
  const byOrg = new Map<string, Set<string>>();
  for (const k of keys) {
    const wanted = byOrg.get(k.orgId);
    if (wanted) wanted.add(k.key);
    else byOrg.set(k.orgId, new Set([k.key]));
  }
  const found = new Map<string, V>();
  await Promise.all(
    [...byOrg].map(async ([orgId, wanted]) => {
      for (const [key, value] of await query(orgId, [...wanted])) found.set(`${orgId}\n${key}`, value);
    }),
  );
  return keys.map((k) => found.get(`${k.orgId}\n${k.key}`));
}
