import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../lib/clock.ts';
import { ProviderError } from '../errors.ts';
import { runSmsContract } from './sms.contract.ts';
import { TwilioMessagesDouble } from './testing/twilio-messages-double.ts';
import { TwilioSms } from './twilio-sms.ts';

let twilio: TwilioMessagesDouble;
beforeAll(async () => {
  twilio = await TwilioMessagesDouble.start({ numbers: ['+14155550100'] });
});
afterAll(async () => {
  await twilio.close();
});

const sender = (opts: { token?: string; clock?: ManualClock; baseUrl?: string } = {}) =>
  new TwilioSms(
    {
      provider: 'twilio',
      accountSid: twilio.accountSid,
      authToken: opts.token ?? twilio.authToken,
      baseUrl: opts.baseUrl ?? twilio.url,
    },
    opts.clock ?? systemClock,
    5000,
  );
const sms = { from: '+14155550100', to: '+14155550123', body: 'Your code is 1234' };

runSmsContract('twilio', () => ({
  sender: sender(),
  rejectedSender: sender({ token: 'wrong' }),
  from: '+14155550100',
  delivered: () => twilio.messages.map(({ from, to, body }) => ({ from, to, body })),
}));

describe('TwilioSms on the wire', () => {
  it('POSTs To, From and Body form-encoded to the Messages resource with Basic auth', async () => {
    const sent = await sender({ baseUrl: `${twilio.url}/` }).send(sms);
    expect(sent).toEqual({
      id: expect.stringMatching(/^SM[0-9a-f]{32}$/),
      provider: 'twilio',
      status: 'queued',
    });
    const req = twilio.http.lastRequest!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe(`/2010-04-01/Accounts/${twilio.accountSid}/Messages.json`);
    const basic = Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString('base64');
    expect(req.headers.authorization).toBe(`Basic ${basic}`);
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(req.body.toString()))).toEqual({
      To: sms.to,
      From: sms.from,
      Body: sms.body,
    });
  });

  it('rejects a From number that is not on the account with Twilio’s message and code', async () => {
    const err = await sender()
      .send({ ...sms, from: '+19995550100' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 400, retryable: false });
    expect((err as Error).message).toContain('SMS-capable inbound phone number');
    expect((err as Error).message).toContain('code 21606');
  });

  it('reports 401 with Twilio’s "Authenticate" message', async () => {
    const err = await sender({ token: 'nope' })
      .send(sms)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 401, retryable: false });
    expect((err as Error).message).toBe('twilio answered HTTP 401: Authenticate (code 20003)');
  });

  it('reports a 422 as non-retryable with the vendor message', async () => {
    twilio.http.failNext(422, {
      code: 21610,
      message: 'Attempt to send to unsubscribed recipient',
      status: 422,
    });
    const err = await sender()
      .send(sms)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 422, retryable: false });
    expect((err as Error).message).toContain('unsubscribed recipient (code 21610)');
  });

  it('reports 5xx as retryable with the request id', async () => {
    twilio.http.failNext(503, { code: 20500, message: 'Service Unavailable', status: 503 });
    const err = await sender()
      .send(sms)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ statusCode: 503, retryable: true, requestId: 'req_double' });
  });

  it('times out on the injected clock when Twilio does not answer', async () => {
    const clock = new ManualClock();
    const err = await twilio.timeoutOf(clock, 5000, () => sender({ clock }).send(sms));
    expect(err).toMatchObject({ retryable: true, message: 'twilio did not answer within 5000 ms' });
  });
});
