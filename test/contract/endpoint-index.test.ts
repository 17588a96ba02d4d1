import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.ts';

/** The reference's endpoint index (§2.17, without /internal/*) plus the decisions §1 additions. */
const referenceIndex = `
POST /v1/agents; GET /v1/agents; GET /v1/agents/{agent_id}; PATCH /v1/agents/{agent_id}; DELETE /v1/agents/{agent_id}
POST /v1/models; GET /v1/models; GET /v1/models/{model_id}; PATCH /v1/models/{model_id}; DELETE /v1/models/{model_id}
POST /v1/llm-models; GET /v1/llm-models; GET /v1/llm-models/{model_id}; PATCH /v1/llm-models/{model_id}; DELETE /v1/llm-models/{model_id}
POST /v1/tools; GET /v1/tools; GET /v1/tools/{tool_id}; PATCH /v1/tools/{tool_id}; DELETE /v1/tools/{tool_id}
POST /v1/knowledge-bases; GET /v1/knowledge-bases; GET /v1/knowledge-bases/{kb_id}; DELETE /v1/knowledge-bases/{kb_id}
POST /v1/knowledge-bases/{kb_id}/sources; POST /v1/knowledge-bases/sources; GET /v1/knowledge-bases/{kb_id}/sources
DELETE /v1/knowledge-bases/{kb_id}/sources/{source_id}; GET /v1/knowledge-bases/{kb_id}/jobs; GET /v1/knowledge-bases/{kb_id}/jobs/{job_id}
GET /v1/voices; GET /v1/voices/{voice_id}; POST /v1/voices/import; DELETE /v1/voices/{voice_id}
POST /v1/credentials; GET /v1/credentials; POST /v1/integrations; GET /v1/integrations; GET /v1/integrations/{credential_id}; DELETE /v1/integrations/{credential_id}
GET /v1/phone-numbers/search; POST /v1/phone-numbers/purchase; POST /v1/phone-numbers; GET /v1/phone-numbers
GET /v1/phone-numbers/{phone_id}; PATCH /v1/phone-numbers/{phone_id}; DELETE /v1/phone-numbers/{phone_id}
GET /v1/phone-numbers/{phone_id}/inbound-routing; POST /v1/phone-numbers/{phone_id}/inbound-routing
POST /v1/calls; POST /v1/calls/web; POST /v1/web-calls/token; GET /v1/calls; GET /v1/calls/cursor; GET /v1/calls/{call_id}
POST /v1/calls/{call_id}/stop; PATCH /v1/calls/{call_id}
POST /v1/webhooks; GET /v1/webhooks; GET /v1/webhooks/{webhook_id}; PATCH /v1/webhooks/{webhook_id}; DELETE /v1/webhooks/{webhook_id}
POST /v1/webhooks/{webhook_id}/test; GET /v1/webhooks/{webhook_id}/deliveries
GET /v1/workspace/call-outcomes; POST /v1/workspace/call-outcomes; PATCH /v1/workspace/call-outcomes/{outcome_id}; DELETE /v1/workspace/call-outcomes/{outcome_id}
POST /v1/publishable-keys; GET /v1/publishable-keys; PATCH /v1/publishable-keys/{key_id}; DELETE /v1/publishable-keys/{key_id}
POST /v1/api-keys; GET /v1/api-keys; DELETE /v1/api-keys/{key_id}
POST /v1/auth/login; POST /v1/auth/logout; GET /v1/auth/me
GET /v1/usage; GET /v1/audit-events; GET /v1/health
POST /v1/workspaces; GET /v1/workspaces
`
  .split(/[;\n]/)
  .map((s) => s.trim())
  .filter(Boolean);

let h: Harness;
let doc: {
  paths: Record<string, Record<string, { summary?: string; description?: string; responses?: object }>>;
};
beforeAll(async () => {
  h = await createHarness();
  doc = (await h.json('GET', '/v1/openapi.json', { key: null })).body;
});
afterAll(async () => {
  await h.close();
});

/** `{phone_number_id}` and `{phone_id}` name the same parameter; compare paths with parameters blanked. */
const shape = (p: string) => p.replace(/\{[^}]+\}/g, '{}');

describe('the OneInbox endpoint index is fully served', () => {
  it('every operation is in the OpenAPI document with a summary and a documented response', () => {
    const served = new Map<string, { summary?: string; responses?: object }>();
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops))
        served.set(`${method.toUpperCase()} ${shape(path)}`, op);
    const missing = referenceIndex.filter((op) => {
      const [method, path] = op.split(' ') as [string, string];
      return !served.has(`${method} ${shape(path)}`);
    });
    expect(missing).toEqual([]);
    const undocumented = [...served].filter(([, op]) => !op.summary || !op.responses).map(([k]) => k);
    expect(undocumented).toEqual([]);
  });

  it('no indexed operation answers 404 ROUTE_NOT_FOUND or 5xx when called without a key', async () => {
    for (const op of referenceIndex) {
      const [method, path] = op.split(' ') as [string, string];
      const concrete = path.replace(/\{[^}]+\}/g, 'x_01jd8x2k3m4n5p6q7r8s9t0v1w');
      const r = await h.json(method, concrete, {
        key: null,
        ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }),
      });
      expect.soft(r.body?.error?.code, op).not.toBe('ROUTE_NOT_FOUND');
      expect.soft(r.status, op).toBeLessThan(500);
    }
  });
});
