import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../providers/errors.ts';
import type { ToolSpec } from '../tool-runner.ts';
import { actionLimits } from './action-budget.ts';
import { fakeActions } from './testing/fake-actions.ts';

const emailTool = (
  over: Partial<NonNullable<ToolSpec['messaging_config']>> = {},
  credential_id: string | null = 'crd_resend',
): ToolSpec => ({
  name: 'email_summary',
  type: 'send_email',
  description: null,
  credential_id,
  messaging_config: {
    to: 'caller',
    subject_template: 'Your {{topic}} summary',
    body_template: 'Hi {first_name},\n\n{{summary}}\n\nPay: {{link}}',
    ...over,
  },
});
const args = { to: 'jane@example.com', topic: 'plan', summary: 'You chose the Pro plan.' };

describe('send_email', () => {
  it('asks for the caller’s address and the unfilled placeholders', () => {
    const [def] = fakeActions([emailTool()]).tools.definitions();
    expect(def!.description).toBe('Send an email to the caller (ask for their address first).');
    expect(def!.parameters).toEqual({
      type: 'object',
      properties: {
        topic: { type: 'string', description: 'Value for {{topic}} in the email' },
        summary: { type: 'string', description: 'Value for {{summary}} in the email' },
        to: {
          type: 'string',
          description:
            "The recipient's email address. Ask the caller to spell it, repeat it back, and only call this tool once they confirm.",
        },
      },
      required: ['to', 'topic', 'summary'],
    });
  });

  it('sends through the tool’s integration from its verified sender and logs it', async () => {
    const a = fakeActions([emailTool()]);
    const out = await a.call('email_summary', args);
    expect(out.result).toEqual({
      status: 'sent',
      to: 'jane@example.com',
      subject: 'Your plan summary',
      message_id: 'fake_email_1',
      provider: 'resend',
    });
    expect(a.resolved).toEqual(['email:org_a:crd_resend']);
    expect(a.email.sent).toEqual([
      {
        from: 'Acme <support@acme.test>',
        to: 'jane@example.com',
        subject: 'Your plan summary',
        text: 'Hi Jane,\n\nYou chose the Pro plan.\n\nPay: https://acme.test/pay/77',
        idempotencyKey: expect.stringMatching(/^parley-call_1-[0-9a-f]{32}$/),
      },
    ]);
    expect(a.log[0]).toMatchObject({
      orgId: 'org_a',
      entry: {
        channel: 'email',
        status: 'sent',
        from: 'Acme <support@acme.test>',
        subject: 'Your plan summary',
      },
    });
  });

  it('takes the recipient from a call variable, or from the model when the variable is unset', async () => {
    const fixed = fakeActions([emailTool({ to: '{{owner_email}}' })], {
      variables: { owner_email: 'owner@acme.test', first_name: 'Jane', link: 'l' },
    });
    await fixed.call('email_summary', { topic: 't', summary: 's' });
    expect(fixed.email.sent[0]!.to).toBe('owner@acme.test');
    const asked = fakeActions([emailTool({ to: '{{owner_email}}' })]);
    expect(asked.tools.definitions()[0]!.parameters).toMatchObject({
      required: ['owner_email', 'topic', 'summary'],
    });
    await asked.call('email_summary', { owner_email: 'x@acme.test', topic: 't', summary: 's' });
    expect(asked.email.sent[0]!.to).toBe('x@acme.test');
  });

  it('flattens a multi-line subject', async () => {
    const a = fakeActions([emailTool()]);
    await a.call('email_summary', { ...args, topic: 'plan\r\nBcc: evil@x.test' });
    expect(a.email.sent[0]!.subject).toBe('Your plan Bcc: evil@x.test summary');
  });

  it.each([
    [
      { ...args, to: 'jane at example dot com' },
      'jane at example dot com is not a valid email address; ask the caller to spell it again',
    ],
    [{ topic: 't', summary: 's' }, 'missing required argument to'],
  ])('refuses %j without sending', async (bad, error) => {
    const a = fakeActions([emailTool()]);
    expect((await a.call('email_summary', bad)).result).toEqual({ error });
    expect(a.email.sent).toEqual([]);
  });

  it('needs an integration', async () => {
    const a = fakeActions([emailTool({}, null)]);
    expect((await a.call('email_summary', args)).result).toEqual({
      error: 'this send_email tool has no credential_id (a resend or sendgrid integration)',
    });
  });

  it('reports an integration that cannot be resolved, e.g. another workspace’s', async () => {
    const a = fakeActions([emailTool()]);
    a.unavailable.set('email', new Error("Integration 'crd_resend' not found"));
    expect((await a.call('email_summary', args)).result).toEqual({
      error: "sending the email failed: Integration 'crd_resend' not found",
    });
    expect(a.log[0]!.entry).toMatchObject({ status: 'failed', from: null });
  });

  it('reports an unverified sender (403) so the agent can tell the caller', async () => {
    const a = fakeActions([emailTool()]);
    a.email.failNext(
      new ProviderError('resend', 'resend answered HTTP 403: The acme.test domain is not verified', {
        statusCode: 403,
      }),
    );
    const error = ((await a.call('email_summary', args)).result as { error: string }).error;
    expect(error).toContain(
      'resend rejected the credentials (resend answered HTTP 403: The acme.test domain is not verified)',
    );
    expect(a.log[0]!.entry).toMatchObject({ status: 'failed', error, provider: 'resend' });
  });

  it(`sends the same email once and at most ${actionLimits.email} per call`, async () => {
    const a = fakeActions([emailTool()]);
    await a.call('email_summary', args);
    expect((await a.call('email_summary', args)).result).toMatchObject({ status: 'already_sent' });
    await a.call('email_summary', { ...args, summary: 'two' });
    await a.call('email_summary', { ...args, summary: 'three' });
    const out = await a.call('email_summary', { ...args, summary: 'four' });
    expect((out.result as { error: string }).error).toMatch(
      /^limit reached: this call may attempt at most 3 emails/,
    );
    expect(a.email.sent).toHaveLength(3);
  });
});
