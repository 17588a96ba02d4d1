import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimHarness, type SimHarness } from '../support/sim-calls.ts';

let h: SimHarness;
beforeAll(async () => {
  h = await createSimHarness();
});
afterAll(async () => {
  await h?.close();
});

const longReply =
  'We have three plans. The basic plan covers one line and costs ten dollars a month. The family plan covers four lines and includes international calls. The business plan adds a shared voicemail box and priority support.';

describe('turn-taking on sim calls', { timeout: 20_000 }, () => {
  it('barge-in clears the agent within 150 ms of speech onset and keeps only what was heard', async () => {
    const { model, llm } = h.scriptLlm([{ text: longReply }, { text: 'The basic plan is ten dollars.' }]);
    const agent = await h.agent({ first_message: 'Hi.' }, { provider: 'openai', model });
    const { id } = await h.place(agent, {
      script: [
        { say: 'What plans do you have?', after_ms: 400 },
        { say: 'Sorry, how much is the basic one?', barge_in_ms: 2500 },
        { silence_ms: 3000 },
        { hangup: true },
      ],
    });
    const call = await h.finished(id);
    const line = h.line(id);
    const barge = line.find((e) => e.type === 'party.said' && e.text.startsWith('Sorry'));
    const clear = line.find((e) => e.type === 'clear');
    expect(barge?.type === 'party.said' && clear?.type === 'clear').toBe(true);
    if (barge?.type !== 'party.said' || clear?.type !== 'clear') return;
    expect(clear.atMs).toBeGreaterThan(barge.onsetMs);
    expect(clear.atMs - barge.onsetMs).toBeLessThanOrEqual(150);

    const cut = call.messages[2];
    expect(cut).toMatchObject({ role: 'assistant', interrupted: true });
    expect(cut.content.length).toBeGreaterThan(0);
    expect(longReply.startsWith(cut.content.replace(/[.,]?$/, ''))).toBe(true);
    expect(cut.content.split(' ').length).toBeLessThan(longReply.split(' ').length / 2);
    expect(call.messages[3]).toMatchObject({ role: 'user', content: 'Sorry, how much is the basic one?' });
    expect(call.messages[4]).toMatchObject({ role: 'assistant', content: 'The basic plan is ten dollars.' });
    // The model's context keeps only the heard words of the interrupted reply too.
    const context = llm.requests[1]!.messages;
    expect(context.find((m) => m.role === 'assistant' && m.content.startsWith('We have'))?.content).toBe(
      cut.content,
    );
  });

  it('a backchannel ("uh-huh") does not interrupt the agent', async () => {
    const { model } = h.scriptLlm([{ text: longReply }, { text: 'You are welcome.' }]);
    const agent = await h.agent({ first_message: 'Hi.' }, { provider: 'openai', model });
    const { id } = await h.place(agent, {
      script: [
        { say: 'What plans do you have?', after_ms: 400 },
        { say: 'uh-huh', barge_in_ms: 2000 },
        { say: 'Okay, thanks.', after_ms: 400 },
        { silence_ms: 1500 },
        { hangup: true },
      ],
    });
    const call = await h.finished(id);
    const reply = call.messages.find((m: { content: string }) => m.content.startsWith('We have'));
    expect(reply.interrupted).toBeUndefined();
    expect(reply.content).toBe(longReply);
    // The agent paused while it listened, then carried on where the caller last heard it.
    const line = h.line(id);
    const uhhuh = line.findIndex((e) => e.type === 'party.said' && e.text === 'uh-huh');
    expect(line.slice(uhhuh).map((e) => e.type)).toContain('clear');
    expect(
      call.messages
        .filter((m: { role: string }) => m.role === 'user')
        .map((m: { content: string }) => m.content),
    ).toEqual(['What plans do you have?', 'Okay, thanks.']);
  });

  it('reminds a silent caller once, then hangs up with silence_timeout', async () => {
    const agent = await h.agent({ first_message: 'Hello, this is Acme.', silence_timeout_seconds: 2 });
    const { id } = await h.place(agent, { persona: 'silent' });
    const call = await h.finished(id);
    expect(call).toMatchObject({ status: 'completed', end_reason: 'silence_timeout' });
    expect(call.messages.map((m: { content: string }) => m.content)).toEqual([
      'Hello, this is Acme.',
      'Are you still there?',
    ]);
    const [greeting, reminder] = call.messages;
    expect(reminder.start_ms - greeting.end_ms).toBeGreaterThanOrEqual(2000);
    expect(call.duration_seconds * 1000 - reminder.end_ms).toBeGreaterThanOrEqual(2000);
    expect(h.line(id).at(-1)).toMatchObject({ type: 'hangup', by: 'agent', reason: 'silence_timeout' });
  });

  it('ends at max_duration_seconds with max_duration', async () => {
    const agent = await h.agent({
      first_message: 'Hi.',
      max_duration_seconds: 30,
      silence_timeout_seconds: 300,
    });
    const { id } = await h.place(agent, { persona: 'silent' });
    const call = await h.finished(id);
    expect(call).toMatchObject({ status: 'completed', end_reason: 'max_duration' });
    expect(call.duration_seconds).toBeCloseTo(30, 1);
    expect(call.credits_used).toBe(0.5);
  });

  it('ends on an end-call phrase said by the caller', async () => {
    const { model } = h.scriptLlm([]);
    const agent = await h.agent(
      { first_message: 'Hi there.', end_call_phrases: ['talk to you later'] },
      { provider: 'openai', model },
    );
    const { id } = await h.place(agent, {
      script: [{ say: 'Okay, talk to you later.' }, { silence_ms: 5000 }],
    });
    const call = await h.finished(id);
    expect(call).toMatchObject({ status: 'completed', end_reason: 'end_call_phrase' });
    expect(call.messages.at(-1)).toMatchObject({ role: 'user', content: 'Okay, talk to you later.' });
  });

  it('hears keypad digits as a turn', async () => {
    const { model, llm } = h.scriptLlm([{ text: 'Thanks, account one two three.' }]);
    const agent = await h.agent(
      { first_message: 'Enter your account number, then hash.' },
      { provider: 'openai', model },
    );
    const { id } = await h.place(agent, {
      script: [{ dtmf: '123#' }, { silence_ms: 2500 }, { hangup: true }],
    });
    const call = await h.finished(id);
    expect(call.messages[1]).toMatchObject({ role: 'user', content: 'DTMF: 123#' });
    expect(llm.requests[0]!.messages.at(-1)).toMatchObject({ role: 'user', content: 'DTMF: 123#' });
  });
});
