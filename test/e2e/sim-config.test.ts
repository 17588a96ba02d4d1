import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimHarness, type SimHarness } from '../support/sim-calls.ts';

let h: SimHarness;
beforeAll(async () => {
  h = await createSimHarness();
});
afterAll(async () => {
  await h?.close();
});

const hours =
  'Acme Bikes opens at 9 am and closes at 6 pm on weekdays. On Saturdays the shop opens at 10 am. Repairs take two days.';

async function knowledgeBase(text: string): Promise<string> {
  const kb = await h.json('POST', '/v1/knowledge-bases', { body: { name: 'Shop facts' } });
  const form = new FormData();
  form.append('type', 'text');
  form.append('source', text);
  expect((await h.json('POST', `/v1/knowledge-bases/${kb.body.id}/sources`, { body: form })).status).toBe(
    202,
  );
  await h.queue.drain();
  return kb.body.id;
}

const script = { script: [{ say: 'When do you open on Saturday?' }, { silence_ms: 2500 }, { hangup: true }] };

describe('what a call is configured from', { timeout: 20_000 }, () => {
  it('per-call overrides and variables win over the agent and model', async () => {
    const { model, llm } = h.scriptLlm([{ text: 'We sell bikes.' }]);
    const agent = await h.agent(
      { first_message: 'Hi {{name}}.', dynamic_variables: { name: 'there', product: 'scooters' } },
      { provider: 'openai', model },
    );
    const { id } = await h.place(agent, script, {
      variables: { name: 'Sam', product: 'bikes' },
      overrides: {
        first_message: 'Hello {name}, this is Acme.',
        llm: { system_prompt: 'You sell {{product}}.' },
      },
    });
    const call = await h.finished(id);
    expect(call.messages[0].content).toBe('Hello Sam, this is Acme.');
    expect(llm.requests[0]!.messages[0]).toEqual({ role: 'system', content: 'You sell bikes.' });
  });

  it('a small knowledge base goes into the system prompt', async () => {
    const kb = await knowledgeBase(hours);
    const { model, llm } = h.scriptLlm([{ text: 'We open at 10 on Saturdays.' }]);
    const m = await h.json('POST', '/v1/models', {
      body: { name: 'KB model', provider: 'openai', model, knowledge_base_ids: [kb] },
    });
    const agent = await h.agent({ first_message: 'Acme Bikes.', llm_id: m.body.id });
    const call = await h.finished((await h.place(agent, script)).id);
    expect(call.status).toBe('completed');
    const system = llm.requests[0]!.messages[0]!.content;
    expect(system).toContain('# Knowledge base');
    expect(system).toContain('On Saturdays the shop opens at 10 am.');
  });

  it('a knowledge base over the token budget is searched on every caller turn (kb latency)', async () => {
    const kb = await knowledgeBase(hours);
    await h.store.db
      .updateTable('workspaces')
      .set({ kb_token_budget: 5 })
      .where('id', '=', h.orgId)
      .execute();
    try {
      const { model, llm } = h.scriptLlm([{ text: 'We open at 10 on Saturdays.' }]);
      const m = await h.json('POST', '/v1/models', {
        body: { name: 'KB model', provider: 'openai', model, knowledge_base_ids: [kb] },
      });
      const agent = await h.agent({ first_message: 'Acme Bikes.', llm_id: m.body.id });
      const call = await h.finished((await h.place(agent, script)).id);
      const passages = llm.requests[0]!.messages.find(
        (x) => x.role === 'system' && x.content.includes('passages'),
      );
      expect(passages?.content).toContain('Saturdays');
      expect(llm.requests[0]!.messages[0]!.content).not.toContain('# Knowledge base');
      expect(call.latency.events.some((e: { type: string }) => e.type === 'kb')).toBe(true);
    } finally {
      await h.store.db
        .updateTable('workspaces')
        .set({ kb_token_budget: 10_000 })
        .where('id', '=', h.orgId)
        .execute();
    }
  });

  it('a stop while the phone rings ends the call failed with api_stop', async () => {
    const agent = await h.agent({ first_message: 'Hi.' });
    const { id } = await h.place(agent, { ring_ms: 60_000 });
    const r = await h.json('POST', `/v1/calls/${id}/stop`);
    expect(r.body).toMatchObject({ status: 'failed', end_reason: 'api_stop', messages: [] });
    expect(h.line(id).at(-1)).toMatchObject({ type: 'hangup', by: 'agent', reason: 'api_stop' });
  });
});
