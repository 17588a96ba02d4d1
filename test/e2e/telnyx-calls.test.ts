import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telnyxCallIdOf } from '../../src/providers/telephony/telnyx/telnyx-webhooks.ts';
import { createPhoneHarness, type PhoneHarness } from '../support/phone-calls.ts';

let h: PhoneHarness;
beforeAll(async () => {
  h = await createPhoneHarness();
});
afterAll(async () => {
  await h?.close();
});

// Real time: each call streams real μ-law speech through the Telnyx double's media peer.
describe('Telnyx calls through the public API', { timeout: 40_000 }, () => {
  it('outbound: dials with bidirectional streaming, talks, and ends when the callee hangs up', async () => {
    const agent = await h.agent([{ text: 'Yes, we deliver on Sundays.' }], {
      first_message: 'Hi, Parley here.',
    });
    const from = await h.number('telnyx', agent);
    const created = await h.place(agent, from);
    const dial = await h.telnyx.nextDial();
    expect(dial.request).toMatchObject({
      connection_id: '1494404757140276705',
      from,
      stream_track: 'both_tracks',
      stream_bidirectional_mode: 'rtp',
      stream_bidirectional_codec: 'PCMU',
      webhook_url: `${h.publicUrl}/v1/carriers/telnyx/voice`,
    });
    expect(telnyxCallIdOf(dial.clientState)).toBe(created.id);
    await h.telnyx.webhook(dial, 'call.initiated');
    const peer = await h.telnyx.answer(dial);
    await peer.until(() => peer.heardMs > 500, 15_000, 'the greeting');
    await peer.until(() => peer.unplayedMs === 0, 10_000, 'the greeting to play out');
    const greeting = peer.heardMs;
    h.deepgram.script('Do you deliver on Sundays?');
    peer.say(await h.speech('Do you deliver on Sundays?'));
    await peer.until(() => peer.heardMs > greeting + 800, 20_000, 'the reply');
    await peer.until(() => peer.unplayedMs === 0, 10_000, 'the reply to play out');
    peer.hangUp();
    await h.telnyx.webhook(dial, 'call.hangup', { hangup_cause: 'normal_clearing', hangup_source: 'callee' });
    const call = await h.ended(created.id);
    expect(call).toMatchObject({
      status: 'completed',
      end_reason: 'customer_hangup',
      twilio_call_sid: dial.callControlId,
    });
    expect(call.messages.map((m: { content: string }) => m.content)).toEqual([
      'Hi, Parley here.',
      'Do you deliver on Sundays?',
      'Yes, we deliver on Sundays.',
    ]);
  });

  it('inbound: call.initiated is answered with a media stream and the agent takes the call', async () => {
    const agent = await h.agent([{ text: 'Your order ships today.' }], { first_message: 'Acme orders.' });
    const to = await h.number('telnyx', agent);
    const { call: leg, res } = await h.telnyx.ring(
      `${h.publicUrl}/v1/carriers/telnyx/voice`,
      '+15550007777',
      to,
    );
    expect(res.status).toBe(200);
    const answer = await h.telnyx.action(leg, 'answer');
    expect(answer).toMatchObject({
      stream_track: 'both_tracks',
      stream_bidirectional_mode: 'rtp',
      stream_bidirectional_codec: 'PCMU',
    });
    await h.telnyx.webhook(leg, 'call.answered');
    const peer = await h.telnyx.openStream(leg);
    await peer.until(() => peer.heardMs > 500, 15_000, 'the greeting');
    await peer.until(() => peer.unplayedMs === 0, 10_000, 'the greeting to play out');
    const greeting = peer.heardMs;
    h.deepgram.script('Where is my order?');
    peer.say(await h.speech('Where is my order?'));
    await peer.until(() => peer.heardMs > greeting + 800, 20_000, 'the reply');
    peer.hangUp();
    const callId = telnyxCallIdOf(leg.clientState)!;
    const call = await h.ended(callId);
    expect(call).toMatchObject({
      type: 'inbound',
      direction: 'inbound',
      from_number: '+15550007777',
      to_number: to,
      status: 'completed',
      end_reason: 'customer_hangup',
    });
    expect(call.messages[1].content).toBe('Where is my order?');
  });

  it('voicemail: after call.machine.greeting.ended the message is left and the call hung up', async () => {
    const agent = await h.agent([], { voicemail_detection: true, voicemail_message: 'Sorry we missed you.' });
    const created = await h.place(agent, await h.number('telnyx', agent));
    const dial = await h.telnyx.nextDial();
    expect(dial.request.answering_machine_detection).toBe('greeting_end');
    await h.telnyx.answer(dial);
    await h.telnyx.webhook(dial, 'call.machine.detection.ended', { result: 'machine' });
    await h.telnyx.webhook(dial, 'call.machine.greeting.ended', { result: 'beep_detected' });
    const call = await h.ended(created.id);
    expect(call).toMatchObject({ status: 'completed', end_reason: 'voicemail', outcome: 'voicemail' });
    expect(call.messages[0].content).toBe('Sorry we missed you.');
    expect(dial.actions.map((a) => a.name)).toContain('hangup');
  });

  it('no answer: call.hangup with hangup_cause timeout fails the call (no_answer)', async () => {
    const agent = await h.agent([]);
    const created = await h.place(agent, await h.number('telnyx', agent));
    const dial = await h.telnyx.nextDial();
    await h.telnyx.webhook(dial, 'call.initiated');
    await h.telnyx.webhook(dial, 'call.hangup', { hangup_cause: 'timeout' });
    expect(await h.ended(created.id)).toMatchObject({ status: 'failed', end_reason: 'no_answer' });
  });

  it('a forged call.hangup cannot end a live call (403, still running)', async () => {
    const agent = await h.agent([], {
      first_message: 'Hello, this call keeps going for a while, thank you.',
    });
    const created = await h.place(agent, await h.number('telnyx', agent));
    const dial = await h.telnyx.nextDial();
    const forged = await h.telnyx.webhook(
      dial,
      'call.hangup',
      { hangup_cause: 'user_busy' },
      { signWith: 'other' },
    );
    expect(forged.status).toBe(403);
    const peer = await h.telnyx.answer(dial);
    await peer.until(() => peer.heardMs > 300, 15_000, 'the greeting');
    expect((await h.json('GET', `/v1/calls/${created.id}`)).body.status).toBe('in_progress');
    peer.hangUp();
    expect(await h.ended(created.id)).toMatchObject({ status: 'completed', end_reason: 'customer_hangup' });
  });
});
