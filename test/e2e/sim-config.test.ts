import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimHarness, type SimHarness } from '../support/sim-calls.ts';

let h: SimHarness;
beforeAll(async () => {
  h = await createSimHarness();
});
afterAll(async () => {
  await h?.close();
});

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

  it('a stop while the phone rings ends the call failed with api_stop', async () => {
    const agent = await h.agent({ first_message: 'Hi.' });
    // Call time stands still until the stop is in: a loaded machine's idle gap would otherwise let the 60 s ring end first.
    const { id, r } = await h.vclock.hold(
      (async () => {
        const { id } = await h.place(agent, { ring_ms: 60_000 });
        return { id: id as string, r: await h.json('POST', `/v1/calls/${id}/stop`) };
      })(),
    );
    expect(r.body).toMatchObject({ status: 'failed', end_reason: 'api_stop', messages: [] });
    expect(h.line(id).at(-1)).toMatchObject({ type: 'hangup', by: 'agent', reason: 'api_stop' });
  });
});
