import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../providers/errors.ts';
import { lines, SessionFixture } from './testing/session-fixture.ts';

const fx = new SessionFixture();
const speech = fx.speech;
const call = (...args: Parameters<SessionFixture['call']>) => fx.call(...args);
beforeAll(() => fx.load());
afterAll(() => fx.close());

describe('CallSession endings', () => {
  it('speaks a reminder after the silence timeout, then hangs up with silence_timeout', async () => {
    const { h } = call({ config: { silenceTimeoutSeconds: 3 } });
    await h.start();
    await h.run(3100);
    expect(h.transport.sent.length).toBeGreaterThan(0);
    await h.runUntil(() => h.transport.hungUp !== undefined, 10_000);
    const r = await h.session.result;
    expect(r).toMatchObject({ status: 'completed', end_reason: 'silence_timeout' });
    expect(h.transport.hungUp).toBe('silence_timeout');
    expect(r.messages.map((m) => m.content)).toEqual(['Are you still there?']);
    expect(r.duration_seconds).toBeGreaterThan(6);
  });

  it('hangUpAfterGreeting: speaks the message in full, then hangs up with the given reason', async () => {
    const message = 'Hi, this is Acme calling about your order. Please call us back.';
    const { h, llm } = call({
      config: { firstMessage: message },
      utterances: [lines.book],
      hangUpAfterGreeting: 'voicemail',
    });
    await h.start();
    h.say(speech.get('book')!);
    await h.runUntil(() => h.transport.hungUp !== undefined, 20_000);
    const r = await h.session.result;
    expect(r).toMatchObject({ status: 'completed', end_reason: 'voicemail' });
    expect(h.transport.hungUp).toBe('voicemail');
    const said = r.messages.filter((m) => m.role === 'assistant');
    expect(said).toEqual([expect.objectContaining({ content: message })]);
    expect(said[0]!.interrupted).toBeUndefined();
    expect(r.duration_seconds * 1000).toBeGreaterThanOrEqual(said[0]!.end_ms);
    expect(llm().requests).toHaveLength(0);
  });

  it('hangUpAfterGreeting without a message hangs up at once', async () => {
    const { h } = call({ hangUpAfterGreeting: 'voicemail' });
    await h.start();
    await h.run(100);
    expect(await h.session.result).toMatchObject({ end_reason: 'voicemail', messages: [] });
    expect(h.transport.sent).toHaveLength(0);
  });

  it('ends at max_duration', async () => {
    const { h } = call({ config: { maxDurationSeconds: 2, silenceTimeoutSeconds: 60 } });
    await h.start();
    await h.run(2100);
    expect(await h.session.result).toMatchObject({
      status: 'completed',
      end_reason: 'max_duration',
      duration_seconds: 2,
    });
  });

  it('end_call: hangs up with agent_hangup after the goodbye has played', async () => {
    const { h } = call({
      config: { tools: [{ name: 'end_call', type: 'end_call', description: null }] },
      utterances: [lines.bye],
      replies: [{ text: 'Goodbye!', toolCalls: [{ id: 't1', name: 'end_call', arguments: '{}' }] }],
    });
    await h.start();
    h.say(speech.get('bye')!);
    await h.runUntil(() => h.transport.hungUp !== undefined, 10_000);
    const r = await h.session.result;
    expect(r.end_reason).toBe('agent_hangup');
    const goodbye = r.messages.find((m) => m.role === 'assistant')!;
    expect(goodbye.content).toBe('Goodbye!');
    expect(r.duration_seconds * 1000).toBeGreaterThanOrEqual(goodbye.end_ms);
    expect(r.messages.find((m) => m.role === 'tool')).toMatchObject({
      name: 'end_call',
      result: { status: 'ending call' },
    });
  });

  it('ends on an end-call phrase without a reply', async () => {
    const { h, llm } = call({ config: { endCallPhrases: ['goodbye now'] }, utterances: [lines.bye] });
    await h.start();
    h.say(speech.get('bye')!);
    await h.runUntil(() => h.transport.hungUp !== undefined, 10_000);
    expect(await h.session.result).toMatchObject({ end_reason: 'end_call_phrase', status: 'completed' });
    expect(llm().requests).toHaveLength(0);
  });

  it('a provider failure mid-call ends the call failed/provider_error with a clear message', async () => {
    const { h } = call({
      utterances: [lines.book],
      replies: [{ error: new ProviderError('fake', 'invalid API key', { statusCode: 401 }) }],
    });
    await h.start();
    h.say(speech.get('book')!);
    await h.runUntil(() => h.transport.hungUp !== undefined, 10_000);
    expect(await h.session.result).toMatchObject({
      status: 'failed',
      end_reason: 'provider_error',
      error_message: 'LLM provider fake failed: invalid API key',
    });
  });

  it('transfer_call: transfers through the transport after the agent’s line, ending with transfer', async () => {
    const { h } = call({
      config: {
        tools: [{ name: 'to_human', type: 'transfer_call', description: null, transfer_to: '+15105550100' }],
      },
      utterances: [lines.book],
      replies: [
        { text: 'Let me connect you.', toolCalls: [{ id: 't1', name: 'to_human', arguments: '{}' }] },
      ],
    });
    await h.start();
    h.say(speech.get('book')!);
    await h.runUntil(() => h.transport.transferredTo !== undefined, 10_000);
    const r = await h.session.result;
    expect(r).toMatchObject({ status: 'completed', end_reason: 'transfer', transferred_to: '+15105550100' });
    expect(h.transport.hungUp).toBeUndefined();
    expect(r.messages.find((m) => m.role === 'assistant')?.content).toBe('Let me connect you.');
  });

  it('fails over to a fallback LLM and completes the call', async () => {
    const { h } = call({
      utterances: [lines.book],
      replies: [{ error: new ProviderError('fake', 'overloaded', { statusCode: 529 }) }],
      fallbackReplies: [{ text: 'Backup here.' }],
    });
    await h.start();
    h.say(speech.get('book')!);
    await h.runUntil(() => h.transport.sent.length > 0, 10_000);
    await h.run(2000);
    const r = await h.session.stop();
    expect(r).toMatchObject({ status: 'completed', end_reason: 'api_stop' });
    expect(r.messages.at(-1)).toMatchObject({ role: 'assistant', content: 'Backup here.' });
    expect(r.latency.llm_ttft.provider).toBe('backup');
  });

  it('a text-to-speech failure ends the call failed/provider_error', async () => {
    const { h } = call({
      config: { firstMessage: 'Hello!' },
      ttsFailure: new ProviderError('fake', 'voice not found', { statusCode: 404 }),
    });
    await h.start();
    await h.run(500);
    expect(await h.session.result).toMatchObject({
      status: 'failed',
      end_reason: 'provider_error',
      error_message: 'Text-to-speech provider fake failed: voice not found',
    });
  });

  it('a provider that never answers cannot hang the call', async () => {
    const { h } = call({ utterances: [lines.book], hungLlm: true, replyTimeoutMs: 5000 });
    await h.start();
    h.say(speech.get('book')!);
    await h.runUntil(() => h.transport.hungUp !== undefined, 10_000);
    expect(await h.session.result).toMatchObject({
      status: 'failed',
      end_reason: 'provider_error',
      error_message: 'No reply from the LLM or text-to-speech provider within the reply timeout.',
    });
  });
});
