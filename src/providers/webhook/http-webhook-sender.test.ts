import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWebhookReceiver } from '../../../test/support/webhook-receiver.ts';
import { generateWebhookSecret } from '../../domain/webhook/webhook.ts';
import { ManualClock } from '../../lib/clock.ts';
import { guardedLookup, isPrivateAddress, PrivateAddressError } from '../../lib/private-network.ts';
import { HttpWebhookSender } from './http-webhook-sender.ts';

const secret = generateWebhookSecret();
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const clock = new ManualClock(Date.now());
const sender = new HttpWebhookSender({ clock, allowPrivateUrls: true, userAgent: 'Parley-Test' });
const guarded = new HttpWebhookSender({ clock, allowPrivateUrls: false, userAgent: 'Parley-Test' });

beforeAll(async () => {
  receiver = await startWebhookReceiver(() => secret);
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(() => {
  receiver.reply({ status: 200, body: 'ok' });
});

const message = (url = receiver.url) => ({
  url,
  secret,
  messageId: 'msg_01jd8x2k3m4n5p6q7r8s9t0v1w',
  timestamp: new Date(clock.now()),
  body: JSON.stringify({ event: 'webhook.test', n: 1 }),
});

describe('HttpWebhookSender.send', () => {
  it('signs with Standard Webhooks headers that Webhook.verify accepts', async () => {
    const r = await sender.send(message());
    expect(r).toEqual({ ok: true, status: 200, body: 'ok', error: null });
    const got = receiver.received.at(-1)!;
    expect(got.verifyError).toBeUndefined();
    expect(got.verified).toEqual({ event: 'webhook.test', n: 1 });
    expect(got.headers['webhook-id']).toBe('msg_01jd8x2k3m4n5p6q7r8s9t0v1w');
    expect(got.headers['webhook-timestamp']).toBe(String(Math.floor(clock.now() / 1000)));
    expect(got.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(got.headers['content-type']).toBe('application/json');
  });

  it('a signature made with another secret does not verify', async () => {
    await sender.send({ ...message(), secret: generateWebhookSecret() });
    expect(receiver.received.at(-1)!.verifyError).toMatch(/signature/i);
  });

  it('records a non-2xx answer with its status and body', async () => {
    receiver.reply({ status: 500, body: 'boom' });
    const r = await sender.send(message());
    expect(r).toMatchObject({ ok: false, status: 500, body: 'boom' });
    expect(r.error).toMatch(/HTTP 500/);
  });

  it('does not follow redirects and records the 3xx', async () => {
    const before = receiver.received.length;
    receiver.reply({ status: 302, headers: { location: `${receiver.url}/elsewhere` } });
    const r = await sender.send(message());
    expect(r).toMatchObject({ ok: false, status: 302 });
    expect(r.error).toMatch(/redirect.*not followed/);
    expect(receiver.received.length).toBe(before + 1);
  });

  it('truncates a long response body', async () => {
    receiver.reply({ status: 200, body: 'x'.repeat(10_000) });
    const r = await sender.send(message());
    expect(r.ok).toBe(true);
    expect(r.body).toHaveLength(4096);
  });

  it('times out after 10 s on the injected clock', async () => {
    receiver.reply('hang');
    const got = receiver.nextRequest();
    const pending = sender.send(message());
    await got;
    clock.advance(10_000);
    const r = await pending;
    expect(r).toMatchObject({ ok: false, status: null });
    expect(r.error).toMatch(/Timed out after 10 s/);
  });

  it('reports a refused connection', async () => {
    const r = await sender.send(message('http://127.0.0.1:1/hook'));
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/ECONNREFUSED/);
  });

  it('refuses loopback IPs unless PARLEY_ALLOW_PRIVATE_URLS is set', async () => {
    const before = receiver.received.length;
    const r = await guarded.send(message());
    expect(r).toMatchObject({ ok: false, status: null });
    expect(r.error).toMatch(/PARLEY_ALLOW_PRIVATE_URLS/);
    expect(receiver.received.length).toBe(before);
  });

  it('refuses localhost by name', async () => {
    const r = await guarded.send(message(`http://localhost:${receiver.port}/hook`));
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/PARLEY_ALLOW_PRIVATE_URLS/);
  });

  it('refuses non-http schemes', async () => {
    const r = await sender.send(message('ftp://example.com/x'));
    expect(r.error).toMatch(/http or https/);
  });
});

describe('guardedLookup', () => {
  const lookup = (allow: boolean, all: boolean) =>
    new Promise<{ err: Error | null; address: unknown }>((resolve) =>
      guardedLookup(allow)('localhost', { all }, (err, address) => resolve({ err, address })),
    );
  it('refuses a name that resolves to loopback, after resolution', async () => {
    const r = await lookup(false, false);
    expect(r.err).toBeInstanceOf(PrivateAddressError);
    expect(r.err!.message).toMatch(/localhost \((127\.0\.0\.1|::1)\).*PARLEY_ALLOW_PRIVATE_URLS=true/);
  });
  it('resolves it when private URLs are allowed (single and all forms)', async () => {
    expect((await lookup(true, false)).address).toMatch(/^(127\.0\.0\.1|::1)$/);
    const all = (await lookup(true, true)).address as { address: string }[];
    expect(all.length).toBeGreaterThan(0);
  });
});

describe('isPrivateAddress', () => {
  const cases: [string, boolean][] = [
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['8.8.8.8', false],
    ['::1', true],
    ['::', true],
    ['fe80::1', true],
    ['fd00::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['::ffff:8.8.8.8', false],
    ['2606:4700::1111', false],
  ];
  for (const [ip, want] of cases)
    it(`${ip} → ${want}`, () => {
      expect(isPrivateAddress(ip)).toBe(want);
    });
});
