import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../lib/clock.ts';
import { jsonBody } from '../testing/http-double.ts';
import { runSmsContract } from './sms.contract.ts';
import { TelnyxSms } from './telnyx-sms.ts';
import { TelnyxMessagingDouble } from './testing/telnyx-messaging-double.ts';

let telnyx: TelnyxMessagingDouble;
beforeAll(async () => {
  telnyx = await TelnyxMessagingDouble.start({ numbers: ['+13125550100'] });
});
afterAll(async () => {
  await telnyx.close();
});

const sender = (opts: { key?: string; clock?: ManualClock } = {}) =>
  new TelnyxSms(
    { provider: 'telnyx', apiKey: opts.key ?? telnyx.apiKey, baseUrl: telnyx.url },
    opts.clock ?? systemClock,
    5000,
  );
const sms = { from: '+13125550100', to: '+14155550123', body: 'See you at 3pm' };

runSmsContract('telnyx', () => ({
  sender: sender(),
  rejectedSender: sender({ key: 'KEYwrong' }),
  from: '+13125550100',
  delivered: () => telnyx.messages.map(({ from, to, text }) => ({ from, to, body: text })),
}));

describe('TelnyxSms on the wire', () => {
  it('POSTs {from, to, text} as JSON to /v2/messages with the Bearer key', async () => {
    const sent = await sender().send(sms);
    expect(sent).toEqual({ id: telnyx.messages.at(-1)!.id, provider: 'telnyx', status: 'queued' });
    const req = telnyx.http.lastRequest!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v2/messages');
    expect(req.headers.authorization).toBe(`Bearer ${telnyx.apiKey}`);
    expect(req.headers['content-type']).toBe('application/json');
    expect(jsonBody(req)).toEqual({ from: sms.from, to: sms.to, text: sms.body });
  });

  it('reports 401 with Telnyx’s error title and code', async () => {
    const err = await sender({ key: 'KEYbad' })
      .send(sms)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 401, retryable: false });
    expect((err as Error).message).toBe(
      'telnyx answered HTTP 401: Authentication failed: Could not understand the provided credentials. (code 10009)',
    );
  });

  it('reports a 422 for a from number without messaging, non-retryable', async () => {
    const err = await sender()
      .send({ ...sms, from: '+13125559999' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 422, retryable: false });
    expect((err as Error).message).toContain("Invalid 'from' address");
  });

  it('reports 5xx as retryable', async () => {
    telnyx.http.failNext(502, { errors: [{ code: '10007', title: 'Unexpected error', detail: 'upstream' }] });
    const err = await sender()
      .send(sms)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 502, retryable: true });
  });

  it('times out on the injected clock when Telnyx does not answer', async () => {
    const clock = new ManualClock();
    const err = await telnyx.timeoutOf(clock, 5000, () => sender({ clock }).send(sms));
    expect(err).toMatchObject({ retryable: true, message: 'telnyx did not answer within 5000 ms' });
  });
});
