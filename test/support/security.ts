import { describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids.ts';
import { generatePublishableKey, hashKey, keyPrefix } from '../../src/domain/workspace/keys.ts';
import type { Harness } from './harness.ts';

export interface SecurityCase {
  method: string;
  /** Builds the request in the harness's default workspace (creating whatever the path's id needs). */
  prepare: (h: Harness) => Promise<{ path: string; body?: unknown }>;
  /** True when the path names one resource, so another workspace must get 404. */
  scoped?: boolean;
}

/** A publishable key in the default workspace (any origin and active unless told otherwise). */
export async function publishableKey(
  h: Harness,
  opts: { allowedOrigins?: string[]; active?: boolean } = {},
): Promise<string> {
  const key = generatePublishableKey();
  await h.store.db
    .insertInto('publishable_keys')
    .values({
      id: newId('publishableKey'),
      org_id: h.orgId,
      name: 'test',
      key_hash: hashKey(key),
      key_prefix: keyPrefix(key),
      ...(opts.allowedOrigins ? { allowed_origins: JSON.stringify(opts.allowedOrigins) } : {}),
      ...(opts.active === undefined ? {} : { is_active: opts.active }),
    })
    .execute();
  return key;
}

/**
 * The shared security suite (architecture §17), run on every route: no key and a bad key are 401,
 * a publishable key is 403, and another workspace's key gets 404 for a resource it does not own.
 */
export function runSecurityCases(name: string, getHarness: () => Harness, cases: SecurityCase[]) {
  describe(`${name}: security`, () => {
    for (const c of cases) {
      const label = `${c.method}`;
      it(`${label} without a key is 401`, async () => {
        const h = getHarness();
        const { path, body } = await c.prepare(h);
        const r = await h.json(c.method, path, { key: null, body });
        expect(r.status).toBe(401);
        expect(r.body.error.code).toBe('UNAUTHORIZED');
        expect(r.body.error.request_id).toMatch(/^req_/);
      });
      it(`${label} with a bad key is 401`, async () => {
        const h = getHarness();
        const { path, body } = await c.prepare(h);
        const r = await h.json(c.method, path, { key: 'oi_sk_not-a-real-key', body });
        expect(r.status).toBe(401);
      });
      it(`${label} with a publishable key is 403`, async () => {
        const h = getHarness();
        const { path, body } = await c.prepare(h);
        const r = await h.json(c.method, path, { key: await publishableKey(h), body });
        expect(r.status).toBe(403);
        expect(r.body.error.code).toBe('FORBIDDEN');
      });
      if (c.scoped) {
        it(`${label} from another workspace is 404`, async () => {
          const h = getHarness();
          const { path, body } = await c.prepare(h);
          const other = await h.newWorkspace('intruder');
          const r = await h.json(c.method, path, { key: other.key, body });
          expect(r.status).toBe(404);
          expect(r.body.error.code).toMatch(/_NOT_FOUND$/);
        });
      }
    }
  });
}
