import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from '../../src/store/db.ts';
import { createSimHarness, type SimHarness } from '../support/sim-calls.ts';

let h: SimHarness;
beforeAll(async () => {
  h = await createSimHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('dialling and answering on the sim carrier', { timeout: 20_000 }, () => {
  for (const answer of ['no_answer', 'busy'] as const)
    it(`${answer}: the call ends failed with end_reason ${answer}`, async () => {
      const agent = await h.agent({ first_message: 'Hello!' });
      const { id } = await h.place(agent, { answer, ...(answer === 'no_answer' ? { ring_ms: 3000 } : {}) });
      const call = await h.finished(id);
      expect(call).toMatchObject({
        status: 'failed',
        end_reason: answer,
        error_message: null,
        duration_seconds: 0,
        credits_used: 0,
        messages: [],
      });
      expect(call.started_at).not.toBeNull();
      expect(h.line(id).map((e) => e.type)).toEqual(['ringing', answer]);
    });

  it('an answering machine with voicemail_detection: the agent leaves its voicemail_message after the beep', async () => {
    const agent = await h.agent({
      first_message: 'Hi, this is Acme calling.',
      voicemail_detection: true,
      voicemail_message: 'Hi {{name}}, this is Acme. Please call us back at 555 0100.',
    });
    const { id } = await h.place(agent, { answer: 'machine' }, { variables: { name: 'Sam' } });
    const call = await h.finished(id);
    expect(call).toMatchObject({ status: 'completed', end_reason: 'voicemail', outcome: 'voicemail' });
    expect(call.analysis.outcome).toBe('voicemail');
    expect(call.messages).toEqual([
      expect.objectContaining({
        role: 'assistant',
        content: 'Hi Sam, this is Acme. Please call us back at 555 0100.',
      }),
    ]);
    // The message started after the beep and was heard in full before the agent hung up.
    const line = h.line(id);
    const beep = line.find((e) => e.type === 'party.tone');
    const spoke = line.find((e) => e.type === 'agent.started');
    expect(beep?.type === 'party.tone' && spoke?.type === 'agent.started' && spoke.atMs >= beep.endMs).toBe(
      true,
    );
    expect(line.at(-1)).toMatchObject({ type: 'hangup', by: 'agent', reason: 'voicemail' });
  });

  it('an answering machine without voicemail_detection is just someone who does not answer back', async () => {
    const { model } = h.scriptLlm([{ text: 'Hello? Is anyone there?' }]);
    const agent = await h.agent(
      { first_message: 'Hi, this is Acme.', silence_timeout_seconds: 3 },
      { provider: 'openai', model },
    );
    const { id } = await h.place(agent, { answer: 'machine' });
    const call = await h.finished(id);
    expect(call.status).toBe('completed');
    expect(call.end_reason).not.toBe('voicemail');
    expect(call.messages.find((m: { role: string }) => m.role === 'user')?.content).toMatch(
      /leave a message/,
    );
  });
});

describe('POST /v1/phone-numbers/{id}/simulate-inbound', { timeout: 20_000 }, () => {
  it('a simulated caller rings the number; its agent answers on the real engine', async () => {
    const { model } = h.scriptLlm([{ text: 'Yes, we are open until six.' }]);
    const agent = await h.agent(
      { first_message: 'Acme bakery, how can I help?' },
      { provider: 'openai', model },
    );
    const number = await h.simNumber(agent);
    const r = await h.json('POST', `/v1/phone-numbers/${number.id}/simulate-inbound`, {
      body: {
        from_number: '+14155550123',
        sim: { script: [{ say: 'Are you open today?' }, { silence_ms: 4000 }, { hangup: true }] },
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      type: 'inbound',
      direction: 'inbound',
      agent_id: agent,
      from_number: '+14155550123',
      to_number: number.phone_number,
      metadata: expect.objectContaining({ inbound_route: 'primary' }),
    });
    const call = await h.finished(r.body.id);
    expect(call).toMatchObject({ status: 'completed', end_reason: 'customer_hangup' });
    expect(call.messages.map((m: { content: string }) => m.content)).toEqual([
      'Acme bakery, how can I help?',
      'Are you open today?',
      'Yes, we are open until six.',
    ]);
    expect(h.line(r.body.id).some((e) => e.type === 'ringing')).toBe(false);
  });

  it('goes to the fallback agent when the routing agent has been deleted', async () => {
    const primary = await h.agent({ first_message: 'Primary here.' });
    const fallback = await h.agent({ first_message: 'Fallback here.' });
    const owner = await h.agent();
    const number = await h.simNumber(owner, {
      inbound_routing: { agent_id: primary, fallback: { agent_id: fallback } },
    });
    // Point the number away so the primary can be deleted, then restore the routing as stored data.
    await h.store.db
      .updateTable('phone_numbers')
      .set({ inbound_routing: null })
      .where('id', '=', number.id)
      .execute();
    expect((await h.json('DELETE', `/v1/agents/${primary}`)).status).toBe(204);
    await h.store.db
      .updateTable('phone_numbers')
      .set({
        inbound_routing: json({
          agent_id: primary,
          fallback: { agent_id: fallback },
          voicemail_message: null,
        }),
      })
      .where('id', '=', number.id)
      .execute();
    const r = await h.json('POST', `/v1/phone-numbers/${number.id}/simulate-inbound`, {
      body: { from_number: '+14155550124', sim: { script: [{ silence_ms: 3000 }, { hangup: true }] } },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      agent_id: fallback,
      metadata: expect.objectContaining({ inbound_route: 'fallback' }),
    });
    const call = await h.finished(r.body.id);
    expect(call.messages[0]).toMatchObject({ content: 'Fallback here.' });
  });

  it('plays the number’s voicemail_message when no agent can take the call', async () => {
    const gone = await h.agent();
    const owner = await h.agent();
    const number = await h.simNumber(owner);
    expect((await h.json('DELETE', `/v1/agents/${gone}`)).status).toBe(204);
    await h.store.db
      .updateTable('phone_numbers')
      .set({
        agent_id: null,
        inbound_routing: json({
          agent_id: gone,
          fallback: null,
          voicemail_message: 'Sorry we missed you. Please call back during business hours.',
        }),
      })
      .where('id', '=', number.id)
      .execute();
    const r = await h.json('POST', `/v1/phone-numbers/${number.id}/simulate-inbound`, {
      body: { from_number: '+14155550125' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.metadata).toMatchObject({ inbound_route: 'voicemail' });
    const call = await h.finished(r.body.id);
    expect(call).toMatchObject({ status: 'completed', end_reason: 'voicemail' });
    expect(call.messages).toEqual([
      expect.objectContaining({
        role: 'assistant',
        content: 'Sorry we missed you. Please call back during business hours.',
      }),
    ]);
  });
});
