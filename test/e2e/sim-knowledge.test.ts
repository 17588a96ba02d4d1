import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimHarness, type SimHarness } from '../support/sim-calls.ts';

let h: SimHarness;
let kb: { id: string; tokens: number };
beforeAll(async () => {
  h = await createSimHarness();
  kb = await knowledgeBase(hours);
});
afterAll(async () => {
  await h?.close();
});

const hours =
  'Acme Bikes opens at 9 am and closes at 6 pm on weekdays. On Saturdays the shop opens at 10 am. Repairs take two days.';
const question = 'When do you open on Saturdays?';
const answer = 'On Saturdays the shop opens at 10 am.';
// Long enough for a lookup, the filler and the answer to be heard in full.
const script = { script: [{ say: question }, { silence_ms: 8000 }, { hangup: true }] };

/** A KB with one text source, ingested (its job drained). */
async function knowledgeBase(text: string): Promise<{ id: string; tokens: number }> {
  const created = await h.json('POST', '/v1/knowledge-bases', { body: { name: 'Shop facts' } });
  const form = new FormData();
  form.append('type', 'text');
  form.append('source', text);
  const added = await h.json('POST', `/v1/knowledge-bases/${created.body.id}/sources`, { body: form });
  expect(added.status).toBe(202);
  await h.queue.drain();
  const job = await h.json('GET', `/v1/knowledge-bases/${created.body.id}/jobs/${added.body.job.id}`);
  expect(job.body.status).toBe('completed');
  const got = await h.json('GET', `/v1/knowledge-bases/${created.body.id}`);
  return { id: created.body.id, tokens: got.body.token_count };
}

async function setBudget(tokens: number): Promise<void> {
  await h.store.db
    .updateTable('workspaces')
    .set({ kb_token_budget: tokens })
    .where('id', '=', h.orgId)
    .execute();
}

/** An agent whose model (provider/model given, default the offline brain) gets the KB with PATCH /v1/models/{id}. */
async function agentWithKnowledge(model = { provider: 'offline', model: 'parley-offline-brain' }) {
  const m = await h.json('POST', '/v1/models', {
    body: { name: 'KB model', system_prompt: 'You answer questions about Acme Bikes.', ...model },
  });
  expect(m.status).toBe(201);
  const patched = await h.json('PATCH', `/v1/models/${m.body.id}`, { body: { knowledge_base_ids: [kb.id] } });
  expect(patched.body.knowledge_base_ids).toEqual([kb.id]);
  return h.agent({ first_message: 'Acme Bikes, how can I help?', llm_id: m.body.id });
}

type Message = { role: string; content: string; name?: string; arguments?: unknown };
const kbEvents = (call: { latency: { events: { type: string; turn: number }[] } }) =>
  call.latency.events.filter((e) => e.type === 'kb');

describe('a sim call answers from the model’s knowledge base', { timeout: 20_000 }, () => {
  it('in the system prompt when the KB fits the workspace budget exactly (offline brain)', async () => {
    await setBudget(kb.tokens);
    const call = await h.finished((await h.place(await agentWithKnowledge(), script)).id);
    expect(call.status).toBe('completed');
    expect(call.messages.map((m: Message) => [m.role, m.content])).toEqual([
      ['assistant', 'Acme Bikes, how can I help?'],
      ['user', question],
      ['assistant', answer],
    ]);
    expect(kbEvents(call)).toEqual([]);
  });

  it('through the search_knowledge_base tool one token over the budget (offline brain, kb event)', async () => {
    await setBudget(kb.tokens - 1);
    const call = await h.finished((await h.place(await agentWithKnowledge(), script)).id);
    expect(call.status).toBe('completed');
    const messages: Message[] = call.messages;
    // The tool message starts when the search does, before the filler's audio.
    expect(messages.map((m) => [m.role, m.content.slice(0, 26)])).toEqual([
      ['assistant', 'Acme Bikes, how can I help'],
      ['user', question.slice(0, 26)],
      ['tool', '[1] Acme Bikes opens at 9 '],
      ['assistant', 'Let me check that for you.'],
      ['assistant', answer.slice(0, 26)],
    ]);
    expect(messages[2]).toMatchObject({ name: 'search_knowledge_base', arguments: { query: question } });
    expect(messages[4]!.content).toBe(answer);
    expect(kbEvents(call)).toEqual([{ turn: 1, type: 'kb', ms: expect.any(Number) }]);
    expect(call.latency.events.some((e: { type: string }) => e.type.startsWith('tool:'))).toBe(false);
  });

  it('offers the tool to the LLM with a query parameter and feeds the passages back as its result', async () => {
    await setBudget(kb.tokens - 1);
    const { model, llm } = h.scriptLlm([
      {
        toolCalls: [{ id: 'kb1', name: 'search_knowledge_base', arguments: '{"query":"Saturday opening"}' }],
      },
      { text: 'We open at 10 on Saturdays.' },
    ]);
    const call = await h.finished(
      (await h.place(await agentWithKnowledge({ provider: 'openai', model }), script)).id,
    );
    const first = llm.requests[0]!;
    expect(first.messages[0]!.content).not.toContain('# Knowledge base');
    expect(first.tools?.find((t) => t.name === 'search_knowledge_base')?.parameters).toMatchObject({
      properties: { query: { type: 'string' } },
      required: ['query'],
    });
    expect(llm.requests[1]!.messages.at(-1)).toEqual({
      role: 'tool',
      toolCallId: 'kb1',
      name: 'search_knowledge_base',
      content: `[1] ${hours}`,
    });
    expect(call.messages.at(-1).content).toBe('We open at 10 on Saturdays.');
    expect(kbEvents(call)).toHaveLength(1);
  });
});
