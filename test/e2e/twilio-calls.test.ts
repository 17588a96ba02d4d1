import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPhoneHarness, type PhoneHarness } from '../support/phone-calls.ts';

let h: PhoneHarness;
beforeAll(async () => {
  h = await createPhoneHarness();
});
afterAll(async () => {
  await h?.close();
});

const roles = (call: { messages: { role: string }[] }) => call.messages.map((m) => m.role);

// Real time: each call streams real μ-law speech through the Twilio double's media peer.
describe('Twilio calls through the public API', { timeout: 40_000 }, () => {
  it('outbound: dials, talks over Media Streams and ends when the callee hangs up', async () => {
    const agent = await h.agent([{ text: 'Sure, Tuesday at ten works.' }], {
      first_message: 'Hello from Parley.',
    });
    const from = await h.number('twilio', agent);
    const created = await h.place(agent, from);
    expect(created).toMatchObject({ type: 'outbound', direction: 'outbound' });
    const dial = await h.twilio.nextDial();
    expect(dial.params.get('From')).toBe(from);
    await h.twilio.status(dial, 'ringing');
    const peer = await h.twilio.answer(dial);
    await peer.until(() => peer.heardMs > 800, 15_000, 'the greeting');
    await peer.until(() => peer.unplayedMs === 0, 10_000, 'the greeting to play out');
    const greeting = peer.heardMs;
    h.deepgram.script('Can I book for Tuesday?');
    peer.say(await h.speech('Can I book for Tuesday?'));
    await peer.until(() => peer.heardMs > greeting + 800, 20_000, 'the reply');
    await peer.until(() => peer.unplayedMs === 0, 10_000, 'the reply to play out');
    peer.hangUp();
    const call = await h.ended(created.id);
    expect(call).toMatchObject({
      status: 'completed',
      end_reason: 'customer_hangup',
      twilio_call_sid: dial.sid,
    });
    expect(roles(call)).toEqual(['assistant', 'user', 'assistant']);
    expect(call.messages[1].content).toBe('Can I book for Tuesday?');
    expect(call.messages[2].content).toBe('Sure, Tuesday at ten works.');
  });

  it('barge-in: the caller talks over the reply, the stream is cleared and the message holds what was heard', async () => {
    const long =
      'Let me tell you about all of our opening hours. On Monday we open at nine. On Tuesday we open at ten. On Wednesday we open at eleven and close late.';
    const agent = await h.agent([{ text: long }, { text: 'Okay.' }], { interruption_sensitivity: 1 });
    const created = await h.place(agent, await h.number('twilio', agent));
    const peer = await h.twilio.answer(await h.twilio.nextDial());
    h.deepgram.script('What are your hours?');
    peer.say(await h.speech('What are your hours?'));
    await peer.until(() => peer.heardMs > 1500, 20_000, 'the long reply to start');
    h.deepgram.script('Stop, only Tuesday please.');
    peer.say(await h.speech('Stop, only Tuesday please.'));
    await peer.until(() => peer.clears > 0, 10_000, 'a clear');
    await peer.until(() => peer.queuedMs === 0, 10_000, 'the caller to finish');
    const heard = peer.heardMs;
    await peer.until(
      () => peer.heardMs > heard + 300 && peer.unplayedMs === 0,
      10_000,
      'the answer to the barge-in',
    );
    peer.hangUp();
    const call = await h.ended(created.id);
    const interrupted = call.messages.find((m: { interrupted?: boolean }) => m.interrupted);
    expect(interrupted, JSON.stringify(call.messages)).toBeDefined();
    expect(interrupted.content.length).toBeGreaterThan(0);
    expect(interrupted.content, JSON.stringify(call.messages)).toBe(
      long.slice(0, interrupted.content.length),
    );
    expect(interrupted.content.length).toBeLessThan(long.length);
    expect(
      call.messages.map((m: { content: string }) => m.content),
      JSON.stringify(call.messages),
    ).toContain('Stop, only Tuesday please.');
  });

  it('voicemail: waits for the beep, leaves the message and hangs up (completed, voicemail)', async () => {
    const agent = await h.agent([], {
      voicemail_detection: true,
      voicemail_message: 'Hi, please call us back.',
    });
    const created = await h.place(agent, await h.number('twilio', agent));
    const dial = await h.twilio.nextDial();
    expect(dial.params.get('MachineDetection')).toBe('DetectMessageEnd');
    expect(dial.params.get('AsyncAmd')).toBe('true');
    const peer = await h.twilio.answer(dial);
    await new Promise((r) => setTimeout(r, 300));
    expect(peer.received).toBe(0);
    await h.twilio.amd(dial, 'machine_end_beep');
    const call = await h.ended(created.id);
    expect(call).toMatchObject({ status: 'completed', end_reason: 'voicemail', outcome: 'voicemail' });
    expect(call.messages[0]).toMatchObject({ role: 'assistant', content: 'Hi, please call us back.' });
    expect(dial.updates.at(-1)?.get('Status')).toBe('completed');
    expect(peer.heardMs).toBeGreaterThan(500);
  });

  it.each([
    ['no-answer', 'no_answer'],
    ['busy', 'busy'],
  ])('%s: the call fails with end_reason %s', async (status, reason) => {
    const agent = await h.agent([]);
    const created = await h.place(agent, await h.number('twilio', agent));
    const dial = await h.twilio.nextDial();
    await h.twilio.status(dial, 'ringing');
    await h.twilio.status(dial, status);
    expect(await h.ended(created.id)).toMatchObject({ status: 'failed', end_reason: reason, messages: [] });
  });

  it('transfer: the transfer_call tool redirects the live call with <Dial> (end_reason transfer)', async () => {
    const tool = await h.json('POST', '/v1/tools', {
      body: {
        type: 'transfer_call',
        name: 'transfer_to_human',
        description: 'Transfer to a person',
        transfer_to: '+15550009999',
      },
    });
    expect(tool.status, JSON.stringify(tool.body)).toBe(201);
    const agent = await h.agent(
      [{ toolCalls: [{ id: 'tc1', name: 'transfer_to_human', arguments: '{}' }] }],
      { first_message: 'Hello.' },
      [tool.body.id],
    );
    const from = await h.number('twilio', agent);
    const created = await h.place(agent, from);
    const dial = await h.twilio.nextDial();
    const peer = await h.twilio.answer(dial);
    await peer.until(() => peer.heardMs > 300, 15_000, 'the greeting');
    h.deepgram.script('Let me talk to a person.');
    peer.say(await h.speech('Let me talk to a person.'));
    const call = await h.ended(created.id);
    expect(call).toMatchObject({ status: 'completed', end_reason: 'transfer' });
    expect(dial.transferredTo).toBe('+15550009999');
    expect(dial.updates.at(-1)?.get('Twiml')).toContain(`<Dial callerId="${from}">+15550009999</Dial>`);
  });

  it('hang-up: POST /v1/calls/{id}/stop ends the live call through the Calls API (api_stop)', async () => {
    const agent = await h.agent([], { first_message: 'Hello there, this is a long greeting for you today.' });
    const created = await h.place(agent, await h.number('twilio', agent));
    const dial = await h.twilio.nextDial();
    const peer = await h.twilio.answer(dial);
    await peer.until(() => peer.received > 10, 15_000, 'agent audio');
    const stopped = await h.json('POST', `/v1/calls/${created.id}/stop`);
    expect(stopped.status).toBe(200);
    const call = await h.ended(created.id);
    expect(call).toMatchObject({ status: 'completed', end_reason: 'api_stop' });
    expect(dial.updates.at(-1)?.get('Status')).toBe('completed');
    await peer.until(() => peer.closed, 5_000, 'the stream to close');
  });

  it("inbound: a signed incoming call is answered by the number's agent with the same engine", async () => {
    const agent = await h.agent([{ text: 'We open at nine.' }], { first_message: 'Thanks for calling.' });
    const to = await h.number('twilio', agent);
    const { call: leg, res } = await h.twilio.ring(
      `${h.publicUrl}/v1/carriers/twilio/voice`,
      '+15550001234',
      to,
    );
    expect(res.status).toBe(200);
    const peer = await h.twilio.openStream(leg);
    await peer.until(() => peer.heardMs > 500, 15_000, 'the greeting');
    await peer.until(() => peer.unplayedMs === 0, 10_000, 'the greeting to play out');
    const greeting = peer.heardMs;
    h.deepgram.script('When do you open?');
    peer.say(await h.speech('When do you open?'));
    await peer.until(() => peer.heardMs > greeting + 800, 20_000, 'the reply');
    peer.hangUp();
    const list = await h.json('GET', '/v1/calls?limit=100');
    const created = list.body.items.find((c: { twilio_call_sid: string }) => c.twilio_call_sid === leg.sid);
    const call = await h.ended(created.id);
    expect(call).toMatchObject({
      type: 'inbound',
      direction: 'inbound',
      status: 'completed',
      from_number: '+15550001234',
      to_number: to,
      end_reason: 'customer_hangup',
    });
    expect(roles(call)).toEqual(['assistant', 'user', 'assistant']);
    expect(call.messages[1].content).toBe('When do you open?');
  });
});
