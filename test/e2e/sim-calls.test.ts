import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rms } from '../../src/pipeline/audio/pcm.ts';
import { decodeWav } from '../../src/pipeline/audio/wav.ts';
import { createSimHarness, type SimHarness } from '../support/sim-calls.ts';

let h: SimHarness;
beforeAll(async () => {
  h = await createSimHarness();
});
afterAll(async () => {
  await h?.close();
});

const said = (callId: string) => h.line(callId).flatMap((e) => (e.type === 'party.said' ? [e] : []));

// Each call runs in virtual time (about a second of real time per call on an idle machine).
describe('a sim call through the public API', { timeout: 15_000 }, () => {
  it('works on a fresh machine with the keyless defaults (offline brain + flite)', async () => {
    const agent = await h.agent({ first_message: 'Hello! Thanks for calling Parley.' });
    const created = await h.place(agent, {
      script: [
        { say: 'Hi, is this a demo?' },
        { say: 'Okay, goodbye!' },
        { silence_ms: 3000 },
        { hangup: true },
      ],
    });
    expect(created).toMatchObject({ type: 'outbound', direction: 'outbound' });
    // The answer shows the call as stored after launch; the sim line can pick up before that read under load.
    expect(['initiated', 'in_progress']).toContain(created.status);
    const call = await h.finished(created.id);
    expect(call).toMatchObject({ status: 'completed', end_reason: 'customer_hangup', error_message: null });
    expect(call.messages.map((m: { role: string }) => m.role)).toEqual([
      'assistant',
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
    expect(call.messages[0].content).toBe('Hello! Thanks for calling Parley.');
    expect(call.messages[1].content).toBe('Hi, is this a demo?');
    expect(call.messages[2].content).toMatch(/offline demo/i);
    expect(call.messages[4].content).toMatch(/goodbye/i);
    expect(call.transcript).toEqual(call.messages);
    expect(call.duration_seconds).toBeGreaterThan(5);
    expect(call.credits_used).toBe(Math.round((call.duration_seconds / 60) * 10_000) / 10_000);
    expect(call.latency.e2e).toMatchObject({ samples: 2 });
    expect(call.latency.connect.active_to_greeting_ms).toBeGreaterThanOrEqual(0);
    expect(call.started_at <= call.ended_at).toBe(true);
  });

  it('greets first and cannot be interrupted while greeting', async () => {
    const { model } = h.scriptLlm([]);
    const agent = await h.agent(
      { first_message: 'Good morning, you are speaking with the Acme booking line.' },
      { provider: 'openai', model },
    );
    const { id } = await h.place(agent, {
      script: [
        { say: 'Hello hello, can you hear me?', barge_in_ms: 500 },
        { silence_ms: 2000 },
        { hangup: true },
      ],
    });
    const call = await h.finished(id);
    expect(call.messages[0]).toMatchObject({
      role: 'assistant',
      content: 'Good morning, you are speaking with the Acme booking line.',
      start_ms: expect.any(Number),
    });
    expect(call.messages[0].interrupted).toBeUndefined();
    expect(h.line(id).some((e) => e.type === 'clear')).toBe(false);
  });

  it('holds two exchanges with a scripted LLM, in order, with per-turn latency', async () => {
    const { model, llm } = h.scriptLlm([
      { text: 'We open at nine every day.' },
      { text: 'You are welcome. Goodbye!' },
    ]);
    const agent = await h.agent({ first_message: 'Hi, Acme bakery.' }, { provider: 'openai', model });
    const { id } = await h.place(agent, {
      script: [
        { say: 'When do you open?', after_ms: 600 },
        { say: 'Thanks a lot.', after_ms: 600 },
        { silence_ms: 2500 },
        { hangup: true },
      ],
    });
    const call = await h.finished(id);
    expect(call.messages.map((m: { content: string }) => m.content)).toEqual([
      'Hi, Acme bakery.',
      'When do you open?',
      'We open at nine every day.',
      'Thanks a lot.',
      'You are welcome. Goodbye!',
    ]);
    // Each caller line was said 600 ms after the agent stopped.
    const stops = h.line(id).flatMap((e) => (e.type === 'agent.stopped' ? [e.atMs] : []));
    for (const s of said(id)) expect(stops).toContain(s.startMs - 600);
    expect(llm.requests.map((r) => r.messages.at(-1)?.content)).toEqual([
      'When do you open?',
      'Thanks a lot.',
    ]);
    expect(llm.requests[0]!.messages[0]).toMatchObject({
      role: 'system',
      content: expect.stringContaining('test agent'),
    });
    expect(call.latency.llm_ttft).toMatchObject({ samples: 2, min_ms: 200, provider: 'openai' });
    expect(call.latency.e2e.samples).toBe(2);
    expect(
      call.latency.events
        .filter((e: { type: string }) => e.type === 'e2e')
        .map((e: { turn: number }) => e.turn),
    ).toEqual([1, 2]);
    // e2e = caller stops → first agent audio: endpointing + LLM first token + TTS first audio.
    expect(call.latency.e2e.min_ms).toBeGreaterThanOrEqual(call.latency.eou_delay.min_ms + 200);
  });

  it('keeps a stereo WAV recording (caller left, agent right) when the agent records', async () => {
    const { model } = h.scriptLlm([{ text: 'Certainly, one table for two at eight.' }]);
    const agent = await h.agent(
      { first_message: 'Hello.', enable_recording: true },
      { provider: 'openai', model },
    );
    const { id } = await h.place(agent, {
      script: [{ say: 'A table for two at eight, please.' }, { silence_ms: 1500 }, { hangup: true }],
    });
    const call = await h.finished(id);
    expect(call.recording_url).toMatch(new RegExp(`/v1/recordings/${id}`));
    const wav = await h.core.engine!.recordings.get(`recordings/${id}.wav`);
    const { sampleRate, channels } = decodeWav(wav!);
    expect(sampleRate).toBe(8000);
    expect(channels).toHaveLength(2);
    expect(channels[0]!.length / sampleRate).toBeCloseTo(call.duration_seconds, 0);
    const level = (ch: Int16Array, fromMs: number, toMs: number) =>
      rms(ch.subarray(Math.round((fromMs * sampleRate) / 1000), Math.round((toMs * sampleRate) / 1000)));
    const [left, right] = channels as [Int16Array, Int16Array];
    const caller = call.messages.find((m: { role: string }) => m.role === 'user');
    const agentTurn = call.messages.find((m: { role: string }) => m.role === 'assistant');
    expect(level(left, caller.start_ms, caller.end_ms)).toBeGreaterThan(0.02);
    expect(level(right, caller.start_ms, caller.end_ms)).toBeLessThan(0.005);
    expect(level(right, agentTurn.start_ms, agentTurn.end_ms)).toBeGreaterThan(0.02);
    expect(level(left, agentTurn.start_ms, agentTurn.end_ms)).toBeLessThan(0.005);
  });

  it('keeps no recording when the agent does not record', async () => {
    const agent = await h.agent({ first_message: 'Hi.' });
    const { id } = await h.place(agent, { script: [{ silence_ms: 1000 }, { hangup: true }] });
    const call = await h.finished(id);
    expect(call.recording_url).toBeNull();
    expect(await h.core.engine!.recordings.get(`recordings/${id}.wav`)).toBeUndefined();
  });

  it('POST /v1/calls/{id}/stop hangs up a live call (api_stop) and returns the finished record', async () => {
    const agent = await h.agent({ first_message: 'Hello, how can I help?', silence_timeout_seconds: 60 });
    const { id } = await h.place(agent, { persona: 'silent' });
    await h.until(async () => (await h.json('GET', `/v1/calls/${id}`)).body.status === 'in_progress');
    const r = await h.json('POST', `/v1/calls/${id}/stop`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'completed', end_reason: 'api_stop' });
    expect(h.line(id).at(-1)).toMatchObject({ type: 'hangup', by: 'agent', reason: 'api_stop' });
    expect((await h.json('POST', `/v1/calls/${id}/stop`)).body).toMatchObject({ end_reason: 'api_stop' });
  });

  it('fails at once with the field at fault when metadata.sim is invalid', async () => {
    const agent = await h.agent();
    const r = await h.place(agent, { script: [{ say: 'hi', barge_in_ms: -5 }] });
    expect(r).toMatchObject({ status: 'failed', end_reason: 'error' });
    expect(r.error_message).toMatch(/^metadata\.sim\.script\.0: a step is one of/);
  });
});
