import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimHarness, type SimHarness } from '../support/sim-calls.ts';

let h: SimHarness;
beforeAll(async () => {
  h = await createSimHarness();
});
afterAll(async () => {
  await h?.close();
});

const contents = (call: { messages: { content: string }[] }) => call.messages.map((m) => m.content);

// A long pause after the first exchange leaves the call live while the test reads it.
describe('GET /v1/calls/{id} during a sim call', { timeout: 20_000 }, () => {
  it('shows the messages finished so far while in_progress, and the final record at the end', async () => {
    const { model } = h.scriptLlm([{ text: 'We open at nine every day.' }, { text: 'Goodbye!' }]);
    const agent = await h.agent({ first_message: 'Hi, Acme bakery.' }, { provider: 'openai', model });
    const { id } = await h.place(
      agent,
      {
        script: [
          { say: 'When do you open?', after_ms: 600 },
          { silence_ms: 5000 },
          { say: 'Thanks, bye.', after_ms: 0 },
          { silence_ms: 2000 },
          { hangup: true },
        ],
      },
      { webhook_url: 'https://hooks.example.com/parley' },
    );
    let mid: any;
    await h.until(async () => {
      mid = (await h.json('GET', `/v1/calls/${id}`)).body;
      return mid.messages.length >= 3;
    });
    expect(mid).toMatchObject({ status: 'in_progress', ended_at: null });
    expect(contents(mid)).toEqual(['Hi, Acme bakery.', 'When do you open?', 'We open at nine every day.']);
    expect(mid.messages.map((m: { role: string }) => m.role)).toEqual(['assistant', 'user', 'assistant']);
    expect(mid.transcript).toEqual(mid.messages);
    expect(mid.messages[1].start_ms).toBeGreaterThan(mid.messages[0].end_ms);

    const call = await h.finished(id);
    expect(call.status).toBe('completed');
    expect(contents(call)).toEqual([
      'Hi, Acme bakery.',
      'When do you open?',
      'We open at nine every day.',
      'Thanks, bye.',
      'Goodbye!',
    ]);
    // The live writes leave the transcript.partial events as they were: one per message.
    const deliveries = await h.json('GET', `/v1/calls/${id}/webhook-deliveries`);
    const partials = deliveries.body.items.filter((d: { event: string }) => d.event === 'transcript.partial');
    expect(partials).toHaveLength(5);
  });
});
