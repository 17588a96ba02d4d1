import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { addSource, kbWithSource, newKb } from '../../../test/support/kb-sources.ts';
import { runSecurityCases } from '../../../test/support/security.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

describe('GET /v1/knowledge-bases/{kb_id}/jobs', () => {
  it('200 a bare array of jobs, newest first', async () => {
    const kb = await newKb(h);
    const a = await addSource(h, kb.id, { type: 'text', source: 'one' });
    const b = await addSource(h, kb.id, { type: 'text', source: 'two' });
    const r = await h.json('GET', `/v1/knowledge-bases/${kb.id}/jobs`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual([b.job, a.job]);
  });
  it('404 for an unknown knowledge base', async () => {
    expect((await h.json('GET', '/v1/knowledge-bases/kb_01jd8x2k3m4n5p6q7r8s9t0v1w/jobs')).status).toBe(404);
  });
});

describe('GET /v1/knowledge-bases/{kb_id}/jobs/{job_id}', () => {
  it('200 returns the job', async () => {
    const kb = await newKb(h);
    const a = await addSource(h, kb.id, { type: 'text', source: 'one' });
    const r = await h.json('GET', `/v1/knowledge-bases/${kb.id}/jobs/${a.job.id}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(a.job);
  });
  it('404 JOB_NOT_FOUND for an unknown, malformed or other-KB job', async () => {
    const kb = await newKb(h);
    const other = await newKb(h);
    const a = await addSource(h, other.id, { type: 'text', source: 'one' });
    for (const id of ['kbj_01jd8x2k3m4n5p6q7r8s9t0v1w', 'nope', a.job.id]) {
      const r = await h.json('GET', `/v1/knowledge-bases/${kb.id}/jobs/${id}`);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('JOB_NOT_FOUND');
    }
  });
});

runSecurityCases('knowledge-base jobs', () => h, [
  {
    method: 'GET',
    scoped: true,
    prepare: async () => ({ path: `/v1/knowledge-bases/${(await newKb(h)).id}/jobs` }),
  },
  {
    method: 'GET',
    scoped: true,
    prepare: async () => {
      const { kb, added } = await kbWithSource(h);
      return { path: `/v1/knowledge-bases/${kb.id}/jobs/${added.job.id}` };
    },
  },
]);
