import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../providers/errors.ts';
import type { ToolSpec } from '../tool-runner.ts';
import { actionLimits } from './action-budget.ts';
import { fakeActions } from './testing/fake-actions.ts';

const smsTool = (over: Partial<ToolSpec['messaging_config'] & object> = {}): ToolSpec => ({
  name: 'text_payment_link',
  type: 'send_sms',
  description: 'Text the payment link when the caller asks for it',
  messaging_config: {
    to: 'caller',
    body_template: 'Hi {{first_name}}, pay here: {link}. Ref {{ref}}',
    ...over,
  },
});

describe('send_sms', () => {
  it('asks the model only for placeholders the call variables do not fill', () => {
    const { tools } = fakeActions([smsTool(), { ...smsTool(), name: 'plain', description: null }]);
    const [def, plain] = tools.definitions();
    expect(def).toEqual({
      name: 'text_payment_link',
      description: 'Text the payment link when the caller asks for it',
      parameters: {
        type: 'object',
        properties: { ref: { type: 'string', description: 'Value for {{ref}} in the text message' } },
        required: ['ref'],
      },
    });
    expect(plain!.description).toBe('Send a text message (SMS) to the caller.');
  });

  it('texts the caller from the call’s number with the filled template and logs it', async () => {
    const a = fakeActions([smsTool()]);
    const out = await a.call('text_payment_link', { ref: 'A-17' });
    const body = 'Hi Jane, pay here: https://acme.test/pay/77. Ref A-17';
    expect(out).toEqual({
      result: { status: 'sent', to: '+14155550123', message_id: 'fake_sms_1', carrier: 'sim', text: body },
    });
    expect(a.sms.sent).toEqual([{ from: '+15550100000', to: '+14155550123', body }]);
    expect(a.resolved).toEqual(['sms:org_a:phn_1']);
    expect(a.log).toEqual([
      {
        orgId: 'org_a',
        entry: {
          callId: 'call_1',
          toolName: 'text_payment_link',
          channel: 'sms',
          provider: 'sim',
          providerMessageId: 'fake_sms_1',
          from: '+15550100000',
          to: '+14155550123',
          subject: null,
          body,
          status: 'sent',
          error: null,
        },
      },
    ]);
  });

  it('sends to a fixed E.164 number', async () => {
    const a = fakeActions([smsTool({ to: '+442071838750' })]);
    await a.call('text_payment_link', { ref: '1' });
    expect(a.sms.sent[0]!.to).toBe('+442071838750');
  });

  it('lets call variables win over the model’s values and never re-reads filled values', async () => {
    const a = fakeActions([smsTool({ body_template: '{{first_name}}: {{note}}' })]);
    await a.call('text_payment_link', { first_name: 'Mallory', note: 'see {link} and {{first_name}}' });
    expect(a.sms.sent[0]!.body).toBe('Jane: see {link} and {{first_name}}');
  });

  it.each([
    [{}, 'missing required argument ref'],
    [{ ref: '' }, 'argument ref must not be empty'],
    [{ ref: 'x'.repeat(501) }, 'argument ref must be at most 500 characters'],
    [{ ref: { nested: true } }, 'argument ref'],
  ])('refuses bad arguments %j without sending', async (args, error) => {
    const a = fakeActions([smsTool()]);
    const out = await a.call('text_payment_link', args);
    expect((out.result as { error: string }).error).toContain(error);
    expect(a.sms.sent).toEqual([]);
  });

  it('accepts a number for a placeholder (sent as text)', async () => {
    const a = fakeActions([smsTool()]);
    await a.call('text_payment_link', { ref: 17 });
    expect(a.sms.sent[0]!.body).toMatch(/Ref 17$/);
  });

  it('refuses a web call (no number to send from) and a caller without a phone number', async () => {
    const web = fakeActions([smsTool()], { line: null, otherParty: null });
    expect((await web.call('text_payment_link', { ref: '1' })).result).toEqual({
      error: 'there is no caller phone number on this call to text',
    });
    const noLine = fakeActions([smsTool({ to: '+14155550199' })], { line: null });
    expect((await noLine.call('text_payment_link', { ref: '1' })).result).toEqual({
      error: 'this is a web call: there is no phone number to send a text from',
    });
    const sip = fakeActions([smsTool()], { otherParty: 'sip:alice@example.com' });
    expect(((await sip.call('text_payment_link', { ref: '1' })).result as { error: string }).error).toContain(
      'is not a phone number that can receive texts',
    );
  });

  it('refuses a body over 1600 characters instead of cutting it', async () => {
    const a = fakeActions([smsTool({ body_template: '{{text}}{{text}}{{text}}{{text}}' })]);
    const out = await a.call('text_payment_link', { text: 'y'.repeat(450) });
    expect(out.result).toEqual({ error: 'the text would be 1800 characters; an SMS may have at most 1600' });
  });

  it('reports rejected credentials to the model and in the log', async () => {
    const a = fakeActions([smsTool()]);
    a.sms.failNext(
      new ProviderError('twilio', 'twilio answered HTTP 401: Authenticate (code 20003)', { statusCode: 401 }),
    );
    const out = await a.call('text_payment_link', { ref: '1' });
    const error = (out.result as { error: string }).error;
    expect(error).toBe(
      'sending the text message failed: twilio rejected the credentials (twilio answered HTTP 401: Authenticate (code 20003)). The workspace must fix its twilio integration; tell the caller it could not be done now',
    );
    expect(a.log[0]!.entry).toMatchObject({
      status: 'failed',
      error,
      providerMessageId: null,
      provider: 'sim',
    });
  });

  it.each([
    [
      new ProviderError('telnyx', 'telnyx answered HTTP 422: Invalid to', { statusCode: 422 }),
      'telnyx refused it',
    ],
    [
      new ProviderError('telnyx', 'telnyx answered HTTP 503: down', { statusCode: 503 }),
      'telnyx is having problems',
    ],
    [
      new ProviderError('telnyx', 'telnyx did not answer within 10000 ms'),
      'may or may not have gone through',
    ],
    [new ProviderError('telnyx', 'telnyx request failed: ECONNREFUSED'), 'telnyx could not be reached'],
  ])('explains %s', async (err, text) => {
    const a = fakeActions([smsTool()]);
    a.sms.failNext(err);
    const out = await a.call('text_payment_link', { ref: '1' });
    expect((out.result as { error: string }).error).toContain(text);
  });

  it('reports a carrier that is not set up', async () => {
    const a = fakeActions([smsTool()]);
    a.unavailable.set(
      'sms',
      new Error('No twilio account is configured: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN.'),
    );
    const out = await a.call('text_payment_link', { ref: '1' });
    expect(out.result).toEqual({
      error:
        'sending the text message failed: No twilio account is configured: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN.',
    });
    expect(a.log[0]!.entry.status).toBe('failed');
  });

  it('does not send the same text twice in a call', async () => {
    const a = fakeActions([smsTool()]);
    await a.call('text_payment_link', { ref: '1' });
    const again = await a.call('text_payment_link', { ref: '1' });
    expect(again.result).toMatchObject({ status: 'already_sent', message_id: 'fake_sms_1' });
    expect(a.sms.sent).toHaveLength(1);
  });

  it(`stops after ${actionLimits.sms} attempts per call, failed ones included`, async () => {
    const a = fakeActions([smsTool()]);
    a.sms.failNext(new ProviderError('sim', 'sim answered HTTP 500: boom', { statusCode: 500 }));
    for (let i = 0; i < actionLimits.sms; i++) await a.call('text_payment_link', { ref: String(i) });
    const out = await a.call('text_payment_link', { ref: 'last' });
    expect((out.result as { error: string }).error).toMatch(
      /^limit reached: this call may attempt at most 3 text messages/,
    );
    expect(a.sms.sent).toHaveLength(actionLimits.sms - 1);
  });

  it('finishes a send even when the caller interrupts meanwhile', async () => {
    const a = fakeActions([smsTool()]);
    const ctrl = new AbortController();
    const pending = a.call('text_payment_link', { ref: '1' }, ctrl.signal);
    ctrl.abort();
    expect((await pending).result).toMatchObject({ status: 'sent' });
  });
});
