import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../lib/clock.ts';
import { FakeCalendar } from '../../../providers/calendar/fake-calendar.ts';
import { FakeEmail } from '../../../providers/email/fake-email.ts';
import { ProviderError } from '../../../providers/errors.ts';
import { FakeSms } from '../../../providers/messaging/fake-sms.ts';
import { lines, SessionFixture } from '../../testing/session-fixture.ts';
import type { ToolSpec } from '../tool-runner.ts';
import type { ActionDeps, SentMessageEntry } from './action-context.ts';
import { actionExecutors } from './action-executors.ts';

/**
 * The action tools inside a real CallSession (VAD, turn-taking, LLM stage, observers) over fake
 * providers: the caller asks, the model calls the tool, the result is a `tool` message, a
 * `tool:<name>` latency event, and what the model hears next.
 */
const fx = new SessionFixture();
beforeAll(() => fx.load());
afterAll(() => fx.close());

const tools: ToolSpec[] = [
  {
    name: 'text_link',
    type: 'send_sms',
    description: 'Text the payment link',
    messaging_config: { to: 'caller', body_template: 'Pay here: {{pay_link}} ({{reference}})' },
  },
  {
    name: 'email_summary',
    type: 'send_email',
    description: 'Email a summary',
    credential_id: 'crd_mail',
    messaging_config: { to: 'caller', subject_template: 'Your summary', body_template: '{{summary}}' },
  },
  {
    name: 'book_demo',
    type: 'schedule_calendar_event',
    description: 'Book a demo',
    credential_id: 'crd_cal',
    calendar_config: { calendar_id: 42, duration_minutes: 30, timezone: 'UTC' },
  },
];

function actions() {
  const sms = new FakeSms('sim');
  const email = new FakeEmail('resend');
  const calendar = new FakeCalendar();
  const log: SentMessageEntry[] = [];
  const deps = (clock: ActionDeps['clock']): ActionDeps => ({
    clock,
    log: { record: async (_org, e) => void log.push(e) },
    providers: {
      sms: async () => sms,
      email: async () => ({ sender: email, from: 'support@acme.test' }),
      calendar: async () => calendar,
    },
  });
  return { sms, email, calendar, log, deps };
}

const context = {
  orgId: 'org_a',
  callId: 'call_1',
  line: { phoneNumber: '+15550100000', phoneNumberId: 'phn_1', carrier: 'sim' },
  otherParty: '+14155550123',
  variables: { pay_link: 'https://acme.test/pay/77' },
};

/** One caller turn answered by a tool call and then a spoken reply; returns the call result. */
async function oneTurn(
  a: ReturnType<typeof actions>,
  call: { name: string; arguments: string },
  reply: string,
) {
  const { h, llm } = fx.call({
    config: { tools, variables: context.variables },
    utterances: [lines.book],
    replies: [{ toolCalls: [{ id: 't1', ...call }] }, { text: reply }],
    // "Now" for bookings: the harness's call clock also starts at epoch 0.
    toolExecutors: actionExecutors(a.deps(new ManualClock(0)), context),
  });
  await h.start();
  h.say(fx.speech.get('book')!);
  await h.runUntil(() => llm().requests.length >= 2, 15_000);
  await h.run(3000);
  const r = await h.session.stop();
  return { r, llm: llm() };
}

describe('action tools in a call', () => {
  it('the caller asks for a text: sent from the call’s number, recorded as a tool message and latency event', async () => {
    const a = actions();
    const { r, llm } = await oneTurn(
      a,
      { name: 'text_link', arguments: '{"reference":"A-17"}' },
      'Done, check your phone.',
    );
    expect(a.sms.sent).toEqual([
      { from: '+15550100000', to: '+14155550123', body: 'Pay here: https://acme.test/pay/77 (A-17)' },
    ]);
    const tool = r.messages.find((m) => m.role === 'tool');
    expect(tool).toMatchObject({
      name: 'text_link',
      arguments: { reference: 'A-17' },
      result: { status: 'sent', to: '+14155550123', carrier: 'sim' },
    });
    expect(r.latency.events.some((e) => e.type === 'tool:text_link')).toBe(true);
    expect(llm.requests[1]!.tools!.map((t) => t.name)).toEqual(['text_link', 'email_summary', 'book_demo']);
    expect(llm.requests[1]!.messages.at(-1)).toMatchObject({ role: 'tool', name: 'text_link' });
    expect(a.log).toEqual([expect.objectContaining({ channel: 'sms', status: 'sent', callId: 'call_1' })]);
  });

  it('a rejected email key reaches the model and the record, and the agent can say so', async () => {
    const a = actions();
    a.email.failNext(
      new ProviderError('resend', 'resend answered HTTP 403: API key is invalid', { statusCode: 403 }),
    );
    const { r, llm } = await oneTurn(
      a,
      { name: 'email_summary', arguments: '{"to":"jane@example.com","summary":"Pro plan"}' },
      'Sorry, I could not send the email right now.',
    );
    const error = (r.messages.find((m) => m.role === 'tool')!.result as { error: string }).error;
    expect(error).toContain('resend rejected the credentials (resend answered HTTP 403: API key is invalid)');
    expect(llm.requests[1]!.messages.at(-1)!.content).toContain('rejected the credentials');
    expect(r.messages.at(-1)).toMatchObject({
      role: 'assistant',
      content: 'Sorry, I could not send the email right now.',
    });
    expect(a.log).toEqual([expect.objectContaining({ channel: 'email', status: 'failed', error })]);
  });

  it('a booking for a taken slot comes back with alternatives for the agent to offer', async () => {
    const a = actions();
    // The harness clock starts at epoch 0; offer Friday 1970-01-02 10:00 and 11:00 UTC.
    a.calendar.offer(Date.UTC(1970, 0, 2, 10), Date.UTC(1970, 0, 2, 11));
    const { r } = await oneTurn(
      a,
      {
        name: 'book_demo',
        arguments: '{"start":"1970-01-02T09:00","name":"Jane Doe","email":"jane@example.com"}',
      },
      'Nine is taken; ten or eleven?',
    );
    expect(r.messages.find((m) => m.role === 'tool')!.result).toMatchObject({
      status: 'unavailable',
      alternatives: [{ start: '1970-01-02T10:00' }, { start: '1970-01-02T11:00' }],
    });
    expect(a.calendar.bookings).toEqual([]);
    expect(r.latency.events.some((e) => e.type === 'tool:book_demo')).toBe(true);
  });
});
