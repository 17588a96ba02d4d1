import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../providers/errors.ts';
import { setupLlmProcessor as setup } from '../testing/llm-script.ts';

describe('LlmProcessor', () => {
  it('streams a reply to a user turn into one speech, with the effective system prompt and ttft', async () => {
    const { h, llm, turn } = setup([{ text: ['Hello! ', 'How can ', 'I help?'] }]);
    await h.send(turn('Hi there'));
    await h.settle(1000);
    expect(h.types()).toEqual(['speech.start', 'metric', 'llm.text', 'llm.text', 'llm.text', 'speech.end']);
    expect(h.of('metric')[0]).toEqual({
      kind: 'system',
      type: 'metric',
      name: 'llm_ttft',
      ms: 200,
      provider: 'primary',
    });
    expect(h.of('agent.speech_created', 'up')).toHaveLength(1);
    expect(llm.requests[0]).toEqual({
      model: 'gpt-test',
      temperature: 0.3,
      messages: [
        { role: 'system', content: '# Role\nReceptionist' },
        { role: 'user', content: 'Hi there' },
      ],
    });
  });

  it('on interruption stops the model and keeps only the heard words in the context', async () => {
    const { h, turn, proc } = setup([{ text: ['One two ', 'three four ', 'five six.'] }]);
    await h.send(turn('Count'));
    await h.settle(230);
    const speech = h.of('speech.start')[0]!.speech;
    h.pipeline.interrupt();
    speech.finish({ text: 'One two three', interrupted: true, startMs: 100, endMs: 300 });
    await h.settle(1000);
    expect(h.of('speech.end')).toHaveLength(0);
    expect(h.of('llm.text').map((t) => t.text)).toEqual(['One two ', 'three four ']);
    expect(proc.messages).toEqual([
      { role: 'user', content: 'Count' },
      { role: 'assistant', content: 'One two three' },
    ]);
  });

  it('leaves an answer interrupted before any word was heard out of the next request', async () => {
    const { h, llm, turn } = setup([{ text: ['Well, '] }, { text: ['Sure.'] }]);
    await h.send(turn('Hello'));
    await h.settle(100);
    const speech = h.of('speech.start')[0]!.speech;
    h.pipeline.interrupt();
    speech.finish({ text: '', interrupted: true, startMs: -1, endMs: -1 });
    await h.send(turn('Actually, book a table'));
    await h.settle(1000);
    expect(llm.requests[1]!.messages.map((m) => [m.role, m.content])).toEqual([
      ['system', '# Role\nReceptionist'],
      ['user', 'Hello'],
      ['user', 'Actually, book a table'],
    ]);
  });

  it('fails over to the fallback model when the first fails before any output', async () => {
    const err = new ProviderError('primary', 'rate limited', { statusCode: 429 });
    const { h, turn, proc } = setup([{ error: err }], { fallback: [{ text: ['Hi from backup.'] }] });
    await h.send(turn('Hello'));
    await h.settle(1000);
    expect(proc.provider).toBe('backup');
    expect(h.of('llm.text').map((t) => t.text)).toEqual(['Hi from backup.']);
    expect(h.of('error', 'up')).toHaveLength(0);
  });

  it('reports a failure after output as a fatal provider error and still closes the speech', async () => {
    const err = new ProviderError('primary', 'stream reset');
    const { h, turn } = setup([{ text: ['Part one ', 'part two'], error: err, errorAfter: 1 }], {
      fallback: [],
    });
    await h.send(turn('Hello'));
    await h.settle(1000);
    const [e] = h.of('error', 'up');
    expect(e).toMatchObject({ fatal: true, source: 'llm', error: err });
    expect(h.of('speech.end')).toHaveLength(1);
  });

  it('says fixed lines (greeting) without the model, uninterruptible, into the context', async () => {
    const { h, llm, proc } = setup([]);
    const speech = proc.say('Welcome to Acme.', { allowInterruptions: false, source: 'greeting' });
    await h.settle();
    expect(speech.allowInterruptions).toBe(false);
    expect(h.down.map((f) => [f.type, f.uninterruptible])).toEqual([
      ['speech.start', true],
      ['llm.text', true],
      ['speech.end', true],
    ]);
    expect(proc.messages).toEqual([{ role: 'assistant', content: 'Welcome to Acme.' }]);
    expect(llm.requests).toHaveLength(0);
  });

  it('records a no-reply turn without calling the model', async () => {
    const { h, llm, turn, proc } = setup([]);
    await h.send(turn('goodbye', true));
    expect(proc.messages).toEqual([{ role: 'user', content: 'goodbye' }]);
    expect(llm.requests).toHaveLength(0);
  });
});
