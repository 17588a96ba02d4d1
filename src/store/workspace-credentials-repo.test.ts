import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/support/harness.ts';
import { countingStatements } from '../../test/support/store-probe.ts';
import { newId } from '../domain/ids.ts';
import { PgWorkspaceCredentials } from './workspace-credentials-repo.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

/** An integration row (the key is resolved by the injected resolver below, so none is encrypted). */
async function addIntegration(orgId: string, provider: string): Promise<string> {
  const id = newId('integration', h.clock.now());
  await h.store.db
    .insertInto('integrations')
    .values({ id, org_id: orgId, name: provider, provider, encrypted_key: 'x', masked_key: 'x' })
    .execute();
  return id;
}

function credentials() {
  const { db, statements } = countingStatements(h.store.db);
  const repo = new PgWorkspaceCredentials(db, async (_org, id) => ({
    id,
    provider: 'openai',
    apiKey: `key-of-${id}`,
    metadata: {},
  }));
  return { repo, statements };
}

describe('PgWorkspaceCredentials', () => {
  it("finds a workspace's newest integration per provider, and none for a provider it lacks", async () => {
    const ws = await h.newWorkspace();
    const other = await h.newWorkspace();
    await addIntegration(ws.orgId, 'openai');
    const newer = await addIntegration(ws.orgId, 'openai');
    const deepgram = await addIntegration(ws.orgId, 'deepgram');
    await addIntegration(other.orgId, 'elevenlabs');
    const { repo } = credentials();
    expect((await repo.find(ws.orgId, 'openai'))?.apiKey).toBe(`key-of-${newer}`);
    expect((await repo.find(ws.orgId, 'deepgram'))?.apiKey).toBe(`key-of-${deepgram}`);
    expect(await repo.find(ws.orgId, 'elevenlabs')).toBeUndefined();
  });

  it("answers one workspace's lookups made together with one statement, each with its own provider", async () => {
    const ws = await h.newWorkspace();
    const other = await h.newWorkspace();
    const openai = await addIntegration(ws.orgId, 'openai');
    const cartesia = await addIntegration(ws.orgId, 'cartesia');
    const elsewhere = await addIntegration(other.orgId, 'openai');
    const { repo, statements } = credentials();
    const [llm, stt, tts] = await Promise.all([
      repo.find(ws.orgId, 'openai'),
      repo.find(ws.orgId, 'deepgram'),
      repo.find(ws.orgId, 'cartesia'),
    ]);
    expect([llm?.apiKey, stt, tts?.apiKey]).toEqual([`key-of-${openai}`, undefined, `key-of-${cartesia}`]);
    expect(statements()).toBe(1);
    // Another workspace's lookup in the same turn is its own statement and sees only its own keys.
    const [mine, theirs] = await Promise.all([
      repo.find(ws.orgId, 'openai'),
      repo.find(other.orgId, 'openai'),
    ]);
    expect([mine?.apiKey, theirs?.apiKey]).toEqual([`key-of-${openai}`, `key-of-${elsewhere}`]);
    expect(statements()).toBe(3);
    // A later lookup reads the store again: a key added since is found.
    const added = await addIntegration(ws.orgId, 'deepgram');
    expect((await repo.find(ws.orgId, 'deepgram'))?.apiKey).toBe(`key-of-${added}`);
    expect(statements()).toBe(4);
    // The same provider asked for twice in one turn: both callers get the key, from one statement.
    const twice = await Promise.all([repo.find(ws.orgId, 'openai'), repo.find(ws.orgId, 'openai')]);
    expect(twice.map((c) => c?.apiKey)).toEqual([`key-of-${openai}`, `key-of-${openai}`]);
    expect(statements()).toBe(5);
  });
});
