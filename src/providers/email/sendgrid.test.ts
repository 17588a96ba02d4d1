import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../lib/clock.ts';
import { jsonBody } from '../testing/http-double.ts';
import { runEmailContract } from './email.contract.ts';
import { parseMailbox } from './email.ts';
import { SendGridEmail } from './sendgrid.ts';
import { SendGridDouble } from './testing/sendgrid-double.ts';

let sendgrid: SendGridDouble;
beforeAll(async () => {
  sendgrid = await SendGridDouble.start({ verifiedSenders: ['support@acme.test'] });
});
afterAll(async () => {
  await sendgrid.close();
});

const sender = (opts: { key?: string; clock?: ManualClock } = {}) =>
  new SendGridEmail({
    apiKey: opts.key ?? sendgrid.apiKey,
    baseUrl: sendgrid.url,
    clock: opts.clock ?? systemClock,
    timeoutMs: 5000,
  });
const mail = {
  from: 'Acme Support <support@acme.test>',
  to: 'jane@example.com',
  subject: 'Hi',
  text: 'Hello Jane',
};

runEmailContract('sendgrid', () => ({
  sender: sender(),
  rejectedSender: sender({ key: 'SG.wrong' }),
  from: 'support@acme.test',
  delivered: () =>
    sendgrid.emails.map((e) => ({
      from: e.from.name ? `${e.from.name} <${e.from.email}>` : e.from.email,
      to: e.to[0]!,
      subject: e.subject,
      text: e.content[0]!.value,
    })),
}));

describe('SendGridEmail on the wire', () => {
  it('POSTs personalizations, from, subject and text/plain content to /v3/mail/send; 202 id from X-Message-Id', async () => {
    const sent = await sender().send(mail);
    expect(sent).toEqual({ id: sendgrid.emails.at(-1)!.id, provider: 'sendgrid' });
    const req = sendgrid.http.lastRequest!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v3/mail/send');
    expect(req.headers.authorization).toBe(`Bearer ${sendgrid.apiKey}`);
    expect(req.headers['content-type']).toBe('application/json');
    expect(jsonBody(req)).toEqual({
      personalizations: [{ to: [{ email: 'jane@example.com' }] }],
      from: { email: 'support@acme.test', name: 'Acme Support' },
      subject: 'Hi',
      content: [{ type: 'text/plain', value: 'Hello Jane' }],
    });
  });

  it('reports an unverified Sender Identity (403) with SendGrid’s message and field', async () => {
    const err = await sender()
      .send({ ...mail, from: 'ops@acme.test' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 403, retryable: false });
    expect((err as Error).message).toContain('does not match a verified Sender Identity');
    expect((err as Error).message).toContain('(field from)');
  });

  it('reports 401 for a revoked key', async () => {
    const err = await sender({ key: 'SG.revoked' })
      .send(mail)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 401, retryable: false });
    expect((err as Error).message).toContain('authorization grant is invalid');
  });

  it('reports a 422 as non-retryable with every listed error', async () => {
    sendgrid.http.failNext(422, {
      errors: [
        { message: 'Invalid content', field: 'content' },
        { message: 'Invalid subject', field: null },
      ],
    });
    const err = await sender()
      .send(mail)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 422, retryable: false });
    expect((err as Error).message).toBe(
      'sendgrid answered HTTP 422: Invalid content (field content); Invalid subject',
    );
  });

  it('reports 5xx as retryable', async () => {
    sendgrid.http.failNext(503, { errors: [{ message: 'Service unavailable', field: null }] });
    const err = await sender()
      .send(mail)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 503, retryable: true });
  });

  it('times out on the injected clock', async () => {
    const clock = new ManualClock();
    const err = await sendgrid.timeoutOf(clock, 5000, () => sender({ clock }).send(mail));
    expect(err).toMatchObject({
      retryable: true,
      message: 'sendgrid did not answer within 5000 ms',
    });
  });
});

describe('parseMailbox', () => {
  it.each([
    ['ops@acme.test', { email: 'ops@acme.test' }],
    ['Acme <ops@acme.test>', { email: 'ops@acme.test', name: 'Acme' }],
    ['"Acme, Inc." <ops@acme.test>', { email: 'ops@acme.test', name: 'Acme, Inc.' }],
    ['<ops@acme.test>', { email: 'ops@acme.test' }],
  ])('%s', (input, expected) => {
    expect(parseMailbox(input)).toEqual(expected);
  });
});
