import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/domain/call/call.ts';
import { newId } from '../../src/domain/ids.ts';
import type { Tool } from '../../src/domain/tool/tool.ts';
import { AgentToolRunner } from '../../src/pipeline/tools/agent-tools.ts';
import { CalcomDouble } from '../../src/providers/calendar/testing/calcom-double.ts';
import { ResendDouble } from '../../src/providers/email/testing/resend-double.ts';
import { SendGridDouble } from '../../src/providers/email/testing/sendgrid-double.ts';
import { TelnyxMessagingDouble } from '../../src/providers/messaging/testing/telnyx-messaging-double.ts';
import { TwilioMessagesDouble } from '../../src/providers/messaging/testing/twilio-messages-double.ts';
import { created } from '../support/action-vendors.ts';
import { createHarness, type Harness } from '../support/harness.ts';
import { newAgent } from '../support/phone-numbers.ts';

/**
 * The action tools wired as the composition root wires them (accounts from integrations and
 * numbers, vendor adapters with `metadata.base_url`, the sent-message log), against the vendors'
 * loopback doubles. The engine's side is the real AgentToolRunner.
 */
let h: Harness;
let twilio: TwilioMessagesDouble;
let telnyx: TelnyxMessagingDouble;
let resend: ResendDouble;
let sendgrid: SendGridDouble;
let cal: CalcomDouble;
const ids: Record<string, string> = {};
const eventTypeId = 777;

beforeAll(async () => {
  [h, twilio, telnyx, resend, sendgrid, cal] = await Promise.all([
    createHarness(),
    TwilioMessagesDouble.start({ numbers: ['+14155550100'] }),
    TelnyxMessagingDouble.start({ numbers: ['+13125550100'] }),
    ResendDouble.start({ verifiedDomains: ['acme.test'] }),
    SendGridDouble.start({ verifiedSenders: ['support@acme.test'] }),
    CalcomDouble.start({
      eventTypes: [{ id: eventTypeId, slug: 'demo', title: 'Demo', lengthInMinutes: 30 }],
    }),
  ]);
  const integration = async (body: Record<string, unknown>) =>
    (await created(h, '/v1/integrations', body)).id;
  ids.twilio = await integration({
    name: 'Twilio',
    provider: 'twilio',
    api_key: twilio.authToken,
    metadata: { account_sid: twilio.accountSid, base_url: twilio.url },
  });
  ids.telnyx = await integration({
    name: 'Telnyx',
    provider: 'telnyx',
    api_key: telnyx.apiKey,
    metadata: { base_url: telnyx.url },
  });
  ids.resend = await integration({
    name: 'Resend',
    provider: 'resend',
    api_key: resend.apiKey,
    metadata: { from: 'Acme <support@acme.test>', base_url: resend.url },
  });
  ids.sendgrid = await integration({
    name: 'SendGrid',
    provider: 'sendgrid',
    api_key: sendgrid.apiKey,
    metadata: { from: 'support@acme.test', base_url: sendgrid.url },
  });
  ids.calcom = await integration({
    name: 'Cal',
    provider: 'calcom',
    api_key: cal.apiKey,
    metadata: { base_url: cal.url },
  });
  for (const [carrier, phone, credential] of [
    ['sim', '+15550100000', null],
    ['twilio', '+14155550100', ids.twilio],
    ['telnyx', '+13125550100', ids.telnyx],
  ] as const) {
    ids[`${carrier}Number`] = newId('phoneNumber');
    await h.store.db
      .insertInto('phone_numbers')
      .values({
        id: ids[`${carrier}Number`]!,
        org_id: h.orgId,
        phone_number: phone,
        provider: carrier,
        credential_id: credential,
      })
      .execute();
  }
}, 60_000);
afterAll(async () => {
  await Promise.all([
    h.close(),
    twilio.close(),
    telnyx.close(),
    resend.close(),
    sendgrid.close(),
    cal.close(),
  ]);
});

const tool = async (body: Record<string, unknown>): Promise<Tool> => created(h, '/v1/tools', body);

async function call(
  carrier: 'sim' | 'twilio' | 'telnyx',
  orgId = h.orgId,
  key?: string,
): Promise<CallRecord> {
  const numbers = { sim: '+15550100000', twilio: '+14155550100', telnyx: '+13125550100' };
  const c = await h.core.callRepo.insert(orgId, {
    id: newId('call'),
    agent_id: await newAgent(h, key),
    type: 'inbound',
    direction: 'inbound',
    status: 'in_progress',
    from_number: '+14155550123',
    to_number: numbers[carrier],
    phone_number_id: ids[`${carrier}Number`]!,
    carrier,
    room_name: null,
    scheduled_at: null,
    variables: { first_name: 'Jane' },
    metadata: {},
    overrides: {},
    webhook_url: null,
  });
  if (c === 'daily_cap_reached') throw new Error('cap');
  return c;
}

function run(c: CallRecord, tools: Tool[], name: string, args: Record<string, unknown>) {
  // Action tools carry no api_call parameters; the engine maps Tool → ToolSpec the same way (call-plan.ts).
  const runner = new AgentToolRunner(
    tools.map((t) => ({ ...t, parameters: [] })),
    {
      fetch: () => Promise.reject(new Error('unused')),
      clock: h.clock,
      variables: c.variables,
      control: { endCall: () => {}, transfer: () => {} },
      extracted: { put: () => {} },
      executors: h.core.actionExecutorsFor(c, c.variables),
    },
  );
  return runner.run({ id: 'tc_1', name, arguments: JSON.stringify(args) }, new AbortController().signal);
}

const sent = async (callId: string, key?: string) =>
  (await h.json('GET', `/v1/calls/${callId}/sent-messages`, key ? { key } : {})).body.items;

const smsTool = () =>
  tool({
    name: 'text_link',
    type: 'send_sms',
    description: 'Text the link',
    messaging_config: { to: 'caller', body_template: 'Hi {{first_name}}: {{link}}' },
  });

describe('send_sms through the call number’s carrier', () => {
  it('sim: delivered into the sent-message log, no network', async () => {
    const c = await call('sim');
    const out = await run(c, [await smsTool()], 'text_link', { link: 'https://acme.test/x' });
    expect(out.result).toMatchObject({ status: 'sent', carrier: 'sim', to: '+14155550123' });
    expect(await sent(c.id)).toEqual([
      expect.objectContaining({
        channel: 'sms',
        provider: 'sim',
        provider_message_id: expect.stringMatching(/^msg_/),
        from: '+15550100000',
        to: '+14155550123',
        body: 'Hi Jane: https://acme.test/x',
        status: 'sent',
      }),
    ]);
  });

  it('twilio: the Messages resource of the number’s integration account', async () => {
    const c = await call('twilio');
    const out = await run(c, [await smsTool()], 'text_link', { link: 'L' });
    expect(out.result).toMatchObject({
      status: 'sent',
      carrier: 'twilio',
      message_id: twilio.messages.at(-1)!.sid,
    });
    expect(twilio.messages.at(-1)).toMatchObject({
      from: '+14155550100',
      to: '+14155550123',
      body: 'Hi Jane: L',
    });
    expect(twilio.http.lastRequest!.path).toBe(`/2010-04-01/Accounts/${twilio.accountSid}/Messages.json`);
  });

  it('telnyx: /v2/messages with the number’s integration key', async () => {
    const c = await call('telnyx');
    const out = await run(c, [await smsTool()], 'text_link', { link: 'L' });
    expect(out.result).toMatchObject({
      status: 'sent',
      carrier: 'telnyx',
      message_id: telnyx.messages.at(-1)!.id,
    });
    expect(telnyx.messages.at(-1)).toMatchObject({
      from: '+13125550100',
      to: '+14155550123',
      text: 'Hi Jane: L',
    });
  });

  it('a rejected carrier key is an error for the agent and a failed row', async () => {
    await h.json('PATCH', `/v1/integrations/${ids.twilio}`, {
      body: { api_key: 'ffffffffffffffffffffffffffffffff' },
    });
    try {
      const c = await call('twilio');
      const out = await run(c, [await smsTool()], 'text_link', { link: 'L' });
      const error = (out.result as { error: string }).error;
      expect(error).toContain(
        'twilio rejected the credentials (twilio answered HTTP 401: Authenticate (code 20003))',
      );
      expect(await sent(c.id)).toEqual([
        expect.objectContaining({ status: 'failed', error, provider: 'twilio' }),
      ]);
    } finally {
      await h.json('PATCH', `/v1/integrations/${ids.twilio}`, { body: { api_key: twilio.authToken } });
    }
  });
});

describe('send_email through the tool’s integration', () => {
  it('resend: from the verified sender to the address the caller spelled', async () => {
    const t = await tool({
      name: 'email_summary',
      type: 'send_email',
      description: 'Email the summary',
      credential_id: ids.resend,
      messaging_config: {
        to: 'caller',
        subject_template: 'Hello {{first_name}}',
        body_template: '{{summary}}',
      },
    });
    const c = await call('sim');
    const out = await run(c, [t], 'email_summary', { to: 'jane@example.com', summary: 'Pro plan' });
    expect(out.result).toMatchObject({
      status: 'sent',
      provider: 'resend',
      message_id: resend.emails.at(-1)!.id,
    });
    expect(resend.emails.at(-1)).toMatchObject({
      from: 'Acme <support@acme.test>',
      to: ['jane@example.com'],
      subject: 'Hello Jane',
      text: 'Pro plan',
    });
    expect(await sent(c.id)).toEqual([
      expect.objectContaining({ channel: 'email', provider: 'resend', status: 'sent' }),
    ]);
  });

  it('sendgrid: a fixed recipient', async () => {
    const t = await tool({
      name: 'notify_owner',
      type: 'send_email',
      description: 'Tell the owner',
      credential_id: ids.sendgrid,
      messaging_config: {
        to: 'owner@example.com',
        subject_template: 'New lead',
        body_template: 'Call {{first_name}} back',
      },
    });
    const out = await run(await call('sim'), [t], 'notify_owner', {});
    expect(out.result).toMatchObject({ status: 'sent', provider: 'sendgrid' });
    expect(sendgrid.emails.at(-1)).toMatchObject({
      to: ['owner@example.com'],
      subject: 'New lead',
      from: { email: 'support@acme.test' },
    });
  });
});

describe('schedule_calendar_event through Cal.com', () => {
  it('books a free slot and offers alternatives for a taken one', async () => {
    const t = await tool({
      name: 'book_demo',
      type: 'schedule_calendar_event',
      description: 'Book a demo',
      credential_id: ids.calcom,
      calendar_config: { calendar_id: String(eventTypeId), duration_minutes: 30, timezone: 'UTC' },
    });
    const base = Date.UTC(new Date(h.clock.now()).getUTCFullYear() + 1, 2, 10, 15);
    cal.offer(eventTypeId, base, base + 3600_000);
    const c = await call('sim');
    const day = new Date(base).toISOString().slice(0, 10);
    const taken = await run(c, [t], 'book_demo', {
      start: `${day}T14:00`,
      name: 'Jane Doe',
      email: 'jane@example.com',
    });
    expect(taken.result).toMatchObject({
      status: 'unavailable',
      alternatives: [{ start: `${day}T15:00` }, { start: `${day}T16:00` }],
    });
    const booked = await run(c, [t], 'book_demo', {
      start: `${day}T15:00`,
      name: 'Jane Doe',
      email: 'jane@example.com',
    });
    expect(booked.result).toMatchObject({ status: 'booked', booking_id: cal.bookings.at(-1)!.uid });
    expect(cal.bookings.at(-1)!.body).toMatchObject({
      eventTypeId,
      attendee: { name: 'Jane Doe', email: 'jane@example.com', timeZone: 'UTC', phoneNumber: '+14155550123' },
      metadata: { parley_call_id: c.id },
    });
  });
});

describe('workspace isolation', () => {
  it('another workspace’s integration or number is never used', async () => {
    const other = await h.newWorkspace('other');
    const c = await call('twilio', other.orgId, other.key);
    const before = { sms: twilio.messages.length, mail: resend.emails.length };
    const spoofed = { ...(await smsTool()), name: 'spoof' };
    const sms = await run(c, [spoofed], 'spoof', { link: 'L' });
    expect((sms.result as { error: string }).error).toContain(
      '+14155550100 is not a phone number of this workspace',
    );
    const stolen = {
      ...spoofed,
      name: 'steal',
      type: 'send_email',
      credential_id: ids.resend,
      messaging_config: { to: 'x@example.com', subject_template: 's', body_template: 'b' },
    } as Tool;
    const mail = await run(c, [stolen], 'steal', {});
    expect((mail.result as { error: string }).error).toBe(
      `sending the email failed: Integration '${ids.resend}' was not found.`,
    );
    expect({ sms: twilio.messages.length, mail: resend.emails.length }).toEqual(before);
    expect(await sent(c.id, other.key)).toHaveLength(2);
    expect((await h.json('GET', `/v1/calls/${c.id}/sent-messages`)).status).toBe(404);
  });
});
