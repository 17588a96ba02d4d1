import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../lib/clock.ts';
import { jsonBody } from '../testing/http-double.ts';
import { runEmailContract } from './email.contract.ts';
import { ResendEmail } from './resend.ts';
import { ResendDouble } from './testing/resend-double.ts';

let resend: ResendDouble;
beforeAll(async () => {
  resend = await ResendDouble.start({ verifiedDomains: ['acme.test'] });
});
afterAll(async () => {
  await resend.close();
});

const sender = (opts: { key?: string; clock?: ManualClock } = {}) =>
  new ResendEmail({
    apiKey: opts.key ?? resend.apiKey,
    baseUrl: resend.url,
    clock: opts.clock ?? systemClock,
    timeoutMs: 5000,
  });
const mail = { from: 'Acme <support@acme.test>', to: 'jane@example.com', subject: 'Hi', text: 'Hello Jane' };

runEmailContract('resend', () => ({
  sender: sender(),
  rejectedSender: sender({ key: 're_wrong' }),
  from: 'Acme Support <support@acme.test>',
  delivered: () =>
    resend.emails.map((e) => ({ from: e.from, to: e.to[0]!, subject: e.subject, text: e.text ?? '' })),
}));

describe('ResendEmail on the wire', () => {
  it('POSTs {from, to, subject, text} to /emails with the Bearer key and returns the id', async () => {
    const sent = await sender().send({ ...mail, idempotencyKey: 'call_1/tc_1' });
    expect(sent).toEqual({ id: resend.emails.at(-1)!.id, provider: 'resend' });
    const req = resend.http.lastRequest!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/emails');
    expect(req.headers.authorization).toBe(`Bearer ${resend.apiKey}`);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['idempotency-key']).toBe('call_1/tc_1');
    expect(jsonBody(req)).toEqual({ from: mail.from, to: [mail.to], subject: 'Hi', text: 'Hello Jane' });
  });

  it('does not send twice for the same idempotency key', async () => {
    const before = resend.emails.length;
    const a = await sender().send({ ...mail, idempotencyKey: 'call_2/tc_9' });
    const b = await sender().send({ ...mail, idempotencyKey: 'call_2/tc_9' });
    expect(b.id).toBe(a.id);
    expect(resend.emails.length).toBe(before + 1);
  });

  it('reports an unverified sending domain (403) with Resend’s message', async () => {
    const err = await sender()
      .send({ ...mail, from: 'ops@unverified.test' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 403, retryable: false });
    expect((err as Error).message).toContain('The unverified.test domain is not verified');
  });

  it('reports a missing key as 401', async () => {
    const err = await sender({ key: '' })
      .send(mail)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 401, retryable: false });
  });

  it('reports a 422 validation error with the field message', async () => {
    const err = await sender()
      .send({ ...mail, to: 'nobody' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 422, retryable: false });
    expect((err as Error).message).toContain('Invalid `to` field');
  });

  it('reports 5xx as retryable', async () => {
    resend.http.failNext(500, {
      statusCode: 500,
      name: 'application_error',
      message: 'An unexpected error occurred.',
    });
    const err = await sender()
      .send(mail)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      statusCode: 500,
      retryable: true,
      message: expect.stringContaining('unexpected error'),
    });
  });

  it('times out on the injected clock', async () => {
    const clock = new ManualClock();
    const err = await resend.timeoutOf(clock, 5000, () => sender({ clock }).send(mail));
    expect(err).toMatchObject({ retryable: true, message: 'resend did not answer within 5000 ms' });
  });
});
