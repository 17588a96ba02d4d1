import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalcomDouble } from '../../src/providers/calendar/testing/calcom-double.ts';
import { ResendDouble } from '../../src/providers/email/testing/resend-double.ts';
import { actionTrail, created } from '../support/action-vendors.ts';
import { createSimHarness, type SimHarness } from '../support/sim-calls.ts';

/**
 * Sim calls in which the caller asks for a text, an email and a booking: the real engine runs the
 * action tools through the sim carrier's SMS and loopback doubles of Resend and Cal.com (reached
 * through the integrations' `metadata.base_url`).
 */
let h: SimHarness;
let resend: ResendDouble;
let cal: CalcomDouble;
const eventTypeId = 4242;
const ids: Record<string, string> = {};

beforeAll(async () => {
  [h, resend, cal] = await Promise.all([
    createSimHarness(),
    ResendDouble.start({ verifiedDomains: ['acme.test'] }),
    CalcomDouble.start({
      eventTypes: [{ id: eventTypeId, slug: 'demo', title: 'Demo', lengthInMinutes: 30 }],
    }),
  ]);
  const integration = async (body: Record<string, unknown>) =>
    (await created(h, '/v1/integrations', body)).id;
  const from = { from: 'Acme <support@acme.test>', base_url: resend.url };
  ids.resend = await integration({
    name: 'Resend',
    provider: 'resend',
    api_key: resend.apiKey,
    metadata: from,
  });
  ids.badResend = await integration({
    name: 'Old key',
    provider: 'resend',
    api_key: 're_revoked_key',
    metadata: from,
  });
  ids.calcom = await integration({
    name: 'Cal',
    provider: 'calcom',
    api_key: cal.apiKey,
    metadata: { base_url: cal.url },
  });
}, 60_000);
afterAll(async () => {
  await Promise.all([h?.close(), resend?.close(), cal?.close()]);
});

const tool = async (body: Record<string, unknown>): Promise<string> =>
  (await created(h, '/v1/tools', body)).id;
const toolMessages = (call: Parameters<typeof actionTrail>[0]) => actionTrail(call).tools;
const toolEvents = (call: Parameters<typeof actionTrail>[0]) => actionTrail(call).events;
const sentMessages = async (callId: string) =>
  (await h.json('GET', `/v1/calls/${callId}/sent-messages`)).body.items;

describe('action tools on sim calls', { timeout: 30_000 }, () => {
  it('the caller asks for a text: sent from the call’s sim number and shown in the record', async () => {
    const text = await tool({
      type: 'send_sms',
      name: 'text_payment_link',
      description: 'Text the payment link when asked',
      messaging_config: {
        to: 'caller',
        body_template: 'Hi {{first_name}}, pay here: {pay_link} (ref {{reference}})',
      },
    });
    const { model, llm } = h.scriptLlm([
      { toolCalls: [{ id: 't1', name: 'text_payment_link', arguments: '{"reference":"A-17"}' }] },
      { text: 'Done, I just texted you the link.' },
    ]);
    const agent = await h.agent(
      { first_message: 'Hi, Acme billing.' },
      { provider: 'openai', model, tool_ids: [text] },
    );
    const created = await h.place(
      agent,
      { script: [{ say: 'Can you text me the payment link?' }, { silence_ms: 4000 }, { hangup: true }] },
      { variables: { first_name: 'Jane', pay_link: 'https://acme.test/pay/77' } },
    );
    const call = await h.finished(created.id);
    expect(call.status).toBe('completed');
    const body = 'Hi Jane, pay here: https://acme.test/pay/77 (ref A-17)';
    expect(toolMessages(call)).toEqual([
      expect.objectContaining({
        name: 'text_payment_link',
        arguments: { reference: 'A-17' },
        result: expect.objectContaining({ status: 'sent', to: '+14155550199', carrier: 'sim', text: body }),
      }),
    ]);
    expect(toolEvents(call)).toEqual(['tool:text_payment_link']);
    expect(call.messages.at(-1)).toMatchObject({
      role: 'assistant',
      content: 'Done, I just texted you the link.',
    });
    expect(llm.requests[1]!.messages.at(-1)).toMatchObject({ role: 'tool', name: 'text_payment_link' });
    expect(await sentMessages(created.id)).toEqual([
      expect.objectContaining({
        channel: 'sms',
        provider: 'sim',
        from: call.from_number,
        to: '+14155550199',
        body,
        status: 'sent',
      }),
    ]);
  });

  it('the caller asks for an email: Resend gets it from the verified sender', async () => {
    const email = await tool({
      type: 'send_email',
      name: 'email_summary',
      description: 'Email a summary when asked',
      credential_id: ids.resend,
      messaging_config: { to: 'caller', subject_template: 'Your Acme summary', body_template: '{{summary}}' },
    });
    const { model } = h.scriptLlm([
      {
        toolCalls: [
          {
            id: 't1',
            name: 'email_summary',
            arguments: '{"to":"jane@example.com","summary":"Pro plan, 20 seats."}',
          },
        ],
      },
      { text: 'Sent to jane@example.com.' },
    ]);
    const agent = await h.agent({ first_message: 'Hi.' }, { provider: 'openai', model, tool_ids: [email] });
    const { id } = await h.place(agent, {
      script: [
        { say: 'Please email me a summary, jane at example dot com.' },
        { silence_ms: 4000 },
        { hangup: true },
      ],
    });
    const call = await h.finished(id);
    expect(toolMessages(call)[0]!.result).toMatchObject({
      status: 'sent',
      provider: 'resend',
      to: 'jane@example.com',
    });
    expect(resend.emails.at(-1)).toMatchObject({
      from: 'Acme <support@acme.test>',
      to: ['jane@example.com'],
      subject: 'Your Acme summary',
      text: 'Pro plan, 20 seats.',
    });
    expect(toolEvents(call)).toEqual(['tool:email_summary']);
  });

  it('the caller books: a taken slot gets alternatives, the chosen one is booked', async () => {
    const book = await tool({
      type: 'schedule_calendar_event',
      name: 'book_demo',
      description: 'Book a demo',
      credential_id: ids.calcom,
      calendar_config: { calendar_id: String(eventTypeId), duration_minutes: 30, timezone: 'UTC' },
    });
    const day = new Date(h.vclock.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    cal.offer(eventTypeId, Date.parse(`${day}T15:00:00Z`), Date.parse(`${day}T16:00:00Z`));
    const args = (start: string) =>
      JSON.stringify({ start: `${day}T${start}`, name: 'Jane Doe', email: 'jane@example.com' });
    const { model } = h.scriptLlm([
      { toolCalls: [{ id: 't1', name: 'book_demo', arguments: args('14:00') }] },
      { text: 'Two is taken. Would three or four work?' },
      { toolCalls: [{ id: 't2', name: 'book_demo', arguments: args('15:00') }] },
      { text: 'You are booked for three.' },
    ]);
    const agent = await h.agent({ first_message: 'Hi.' }, { provider: 'openai', model, tool_ids: [book] });
    const { id } = await h.place(agent, {
      script: [
        { say: 'Can I book a demo at two that day?', after_ms: 600 },
        { say: 'Three works.', after_ms: 600 },
        { silence_ms: 4000 },
        { hangup: true },
      ],
    });
    const call = await h.finished(id);
    const [taken, booked] = toolMessages(call);
    expect(taken!.result).toMatchObject({
      status: 'unavailable',
      alternatives: [{ start: `${day}T15:00` }, { start: `${day}T16:00` }],
    });
    expect(booked!.result).toMatchObject({
      status: 'booked',
      booking_id: cal.bookings.at(-1)!.uid,
      start: `${day}T15:00:00+00:00`,
    });
    expect(cal.bookings.at(-1)!.body).toMatchObject({
      eventTypeId,
      attendee: { name: 'Jane Doe', email: 'jane@example.com', timeZone: 'UTC', phoneNumber: '+14155550199' },
      metadata: { parley_call_id: id },
    });
    expect(toolEvents(call)).toEqual(['tool:book_demo', 'tool:book_demo']);
  });

  it('provider errors surface in the conversation and the record (rejected key, calendar 5xx)', async () => {
    const email = await tool({
      type: 'send_email',
      name: 'email_summary',
      credential_id: ids.badResend,
      messaging_config: { to: 'owner@example.com', subject_template: 'Lead', body_template: 'Call back' },
    });
    const book = await tool({
      type: 'schedule_calendar_event',
      name: 'book_demo',
      credential_id: ids.calcom,
      calendar_config: { calendar_id: eventTypeId, duration_minutes: 30, timezone: 'UTC' },
    });
    const day = new Date(h.vclock.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    cal.http.failNext(503, {
      status: 'error',
      error: { code: 'ServiceUnavailableException', message: 'Try later' },
    });
    const { model, llm } = h.scriptLlm([
      {
        toolCalls: [
          { id: 't1', name: 'email_summary', arguments: '{}' },
          {
            id: 't2',
            name: 'book_demo',
            arguments: JSON.stringify({ start: `${day}T10:00`, name: 'Jane', email: 'jane@example.com' }),
          },
        ],
      },
      { text: 'Sorry, neither worked right now.' },
    ]);
    const agent = await h.agent(
      { first_message: 'Hi.' },
      { provider: 'openai', model, tool_ids: [email, book] },
    );
    const { id } = await h.place(agent, {
      script: [{ say: 'Email my rep and book me.' }, { silence_ms: 4000 }, { hangup: true }],
    });
    const call = await h.finished(id);
    const [mail, booking] = toolMessages(call);
    expect(mail!.result.error).toContain(
      'resend rejected the credentials (resend answered HTTP 403: API key is invalid)',
    );
    expect(booking!.result.error).toContain(
      'calcom is having problems (calcom answered HTTP 503: Try later)',
    );
    const told = llm.requests[1]!.messages.filter((m) => m.role === 'tool').map((m) => m.content);
    expect(told).toEqual([
      expect.stringContaining('rejected the credentials'),
      expect.stringContaining('having problems'),
    ]);
    expect(call.messages.at(-1)).toMatchObject({
      role: 'assistant',
      content: 'Sorry, neither worked right now.',
    });
    expect(await sentMessages(id)).toEqual([
      expect.objectContaining({ channel: 'email', status: 'failed', error: mail!.result.error }),
    ]);
  });
});
