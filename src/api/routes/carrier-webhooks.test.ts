import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { nextNumber, registerNumber } from '../../../test/support/phone-numbers.ts';
import { telnyxSignature } from '../../providers/telephony/telnyx/telnyx-signature.ts';
import { TelnyxNumbersDouble } from '../../providers/telephony/testing/telnyx-numbers-double.ts';
import { TwilioNumbersDouble } from '../../providers/telephony/testing/twilio-numbers-double.ts';
import { twilioSignature } from '../../providers/telephony/twilio/twilio-signature.ts';

const publicUrl = 'https://parley.example';
let h: Harness;
let twilio: TwilioNumbersDouble;
let telnyx: TelnyxNumbersDouble;
let telnyxKey: KeyObject;

beforeAll(async () => {
  twilio = await TwilioNumbersDouble.start();
  telnyx = await TelnyxNumbersDouble.start();
  const pair = generateKeyPairSync('ed25519');
  telnyxKey = pair.privateKey;
  const x = (pair.publicKey.export({ format: 'jwk' }) as { x: string }).x;
  h = await createHarness({
    env: {
      PARLEY_PUBLIC_URL: publicUrl,
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_API_BASE_URL: twilio.url,
      TELNYX_API_KEY: telnyx.apiKey,
      TELNYX_API_BASE_URL: telnyx.url,
      TELNYX_PUBLIC_KEY: Buffer.from(x, 'base64url').toString('base64'),
      DEEPGRAM_API_KEY: 'dg-test',
    },
  });
});
afterAll(async () => {
  await h?.close();
  await twilio?.close();
  await telnyx?.close();
});

const sid = () => `CA${Math.random().toString(16).slice(2).padEnd(32, '0').slice(0, 32)}`;

/** POST a Twilio callback signed with `token` over `signedUrl` (default: the URL it is posted to). */
function twilioPost(
  path: string,
  params: Record<string, string>,
  o: { token?: string; signedUrl?: string; signed?: Record<string, string> } = {},
) {
  const signature = twilioSignature(
    o.token ?? twilio.authToken,
    o.signedUrl ?? `${publicUrl}${path}`,
    o.signed ?? params,
  );
  return h.request('POST', path, {
    key: null,
    body: new URLSearchParams(params).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
  });
}

function telnyxPost(body: unknown, o: { key?: KeyObject; timestamp?: number; signedBody?: string } = {}) {
  const raw = JSON.stringify(body);
  const ts = String(o.timestamp ?? Math.floor(h.clock.now() / 1000));
  return h.request('POST', '/v1/carriers/telnyx/voice', {
    key: null,
    body: raw,
    headers: {
      'content-type': 'application/json',
      'telnyx-signature-ed25519': telnyxSignature(o.key ?? telnyxKey, ts, o.signedBody ?? raw),
      'telnyx-timestamp': ts,
    },
  });
}

async function twilioNumber() {
  const phone = nextNumber('+1415555');
  twilio.own(phone);
  return registerNumber(h, { phone_number: phone, provider: 'twilio' });
}

const inboundCalls = async (to: string) =>
  (await h.json('GET', '/v1/calls?limit=100')).body.items.filter(
    (c: { to_number: string }) => c.to_number === to,
  );

const incoming = (to: string, callSid = sid()) => ({
  AccountSid: twilio.accountSid,
  ApiVersion: '2010-04-01',
  CallSid: callSid,
  CallStatus: 'ringing',
  Direction: 'inbound',
  From: '+15550001234',
  To: to,
});

describe('POST /v1/carriers/twilio/voice', () => {
  it('200 with <Connect><Stream> for a signed call to a registered number, and stores an inbound call', async () => {
    const n = await twilioNumber();
    const p = incoming(n.phone_number);
    const res = await twilioPost('/v1/carriers/twilio/voice', p);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/xml');
    const xml = await res.text();
    expect(xml).toMatch(/<Connect><Stream url="wss:\/\/parley\.example\/v1\/carriers\/twilio\/media">/);
    const calls = await inboundCalls(n.phone_number);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      type: 'inbound',
      direction: 'inbound',
      from_number: '+15550001234',
      to_number: n.phone_number,
      agent_id: n.agent_id,
      twilio_call_sid: p.CallSid,
    });
    expect(xml).toContain(`<Parameter name="call_id" value="${calls[0].id}"/>`);
    expect(xml).toMatch(/<Parameter name="token" value="[\w-]{20,}"\/>/);
  });

  it('200 with the same answer for a repeated webhook (one call record)', async () => {
    const n = await twilioNumber();
    const p = incoming(n.phone_number);
    const a = await (await twilioPost('/v1/carriers/twilio/voice', p)).text();
    const b = await (await twilioPost('/v1/carriers/twilio/voice', p)).text();
    expect(b).toBe(a);
    expect(await inboundCalls(n.phone_number)).toHaveLength(1);
  });

  it('200 <Reject> for a number nobody registered (signed by the platform account)', async () => {
    const res = await twilioPost('/v1/carriers/twilio/voice', incoming(nextNumber('+1212555')));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<Reject reason="rejected"/>');
  });

  it('400 for a callback without CallSid', async () => {
    const res = await twilioPost('/v1/carriers/twilio/voice', {
      To: '+15550001111',
      AccountSid: twilio.accountSid,
    });
    expect(res.status).toBe(400);
  });

  describe('403 and nothing stored for a bad signature', () => {
    const tampered: [string, (to: string) => Promise<Response>][] = [
      [
        'signed with another auth token',
        (to) => twilioPost('/v1/carriers/twilio/voice', incoming(to), { token: 'f'.repeat(32) }),
      ],
      [
        'a parameter changed after signing',
        (to) => {
          const p = incoming(to);
          return twilioPost('/v1/carriers/twilio/voice', { ...p, From: '+15559999999' }, { signed: p });
        },
      ],
      [
        'signed for another URL',
        (to) =>
          twilioPost('/v1/carriers/twilio/voice', incoming(to), {
            signedUrl: `${publicUrl}/v1/carriers/twilio/status`,
          }),
      ],
      [
        'no signature header',
        (to) =>
          h.request('POST', '/v1/carriers/twilio/voice', {
            key: null,
            body: new URLSearchParams(incoming(to)).toString(),
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          }),
      ],
    ];
    it.each(tampered)('%s', async (_name, send) => {
      const n = await twilioNumber();
      const res = await send(n.phone_number);
      expect(res.status).toBe(403);
      expect(await inboundCalls(n.phone_number)).toHaveLength(0);
    });
  });
});

describe('POST /v1/carriers/twilio/status', () => {
  it('204 for a signed status callback about a known call', async () => {
    const n = await twilioNumber();
    const p = incoming(n.phone_number);
    await twilioPost('/v1/carriers/twilio/voice', p);
    const res = await twilioPost('/v1/carriers/twilio/status', {
      ...p,
      CallStatus: 'completed',
      CallDuration: '3',
    });
    expect(res.status).toBe(204);
  });

  it('403 and the call unchanged for a forged callback', async () => {
    const n = await twilioNumber();
    const p = incoming(n.phone_number);
    await twilioPost('/v1/carriers/twilio/voice', p);
    const [before] = await inboundCalls(n.phone_number);
    const path = `/v1/carriers/twilio/status?call_id=${before.id}`;
    const res = await twilioPost(path, { ...p, CallStatus: 'busy' }, { token: 'f'.repeat(32) });
    expect(res.status).toBe(403);
    const after = (await h.json('GET', `/v1/calls/${before.id}`)).body;
    expect(after.status).toBe(before.status);
    expect(after.updated_at).toBe(before.updated_at);
  });
});

describe('POST /v1/carriers/telnyx/voice', () => {
  async function telnyxNumber() {
    const phone = nextNumber('+1312555');
    telnyx.own(phone);
    return registerNumber(h, { phone_number: phone, provider: 'telnyx' });
  }
  const initiated = (to: string, ccid = `v3:${Math.random().toString(36).slice(2)}`) => ({
    data: {
      event_type: 'call.initiated',
      id: '0ccc7b54-4df3-4bca-a65a-3da1ecc777f0',
      occurred_at: new Date(h.clock.now()).toISOString(),
      record_type: 'event',
      payload: {
        call_control_id: ccid,
        call_leg_id: '428c31b6-7af4-4bcb-b7f5-5013ef9657c1',
        call_session_id: '428c31b6-abf3-3bc1-b7f4-5013ef9657c1',
        connection_id: '7267xxxxxxxxxxxxxx',
        direction: 'incoming',
        from: '+15550004321',
        to,
        state: 'parked',
      },
    },
    meta: { attempt: 1, delivered_to: `${publicUrl}/v1/carriers/telnyx/voice` },
  });

  it('200 for a signed incoming call to a registered number, and stores an inbound call', async () => {
    const n = await telnyxNumber();
    const body = initiated(n.phone_number);
    const res = await telnyxPost(body);
    expect(res.status).toBe(200);
    const calls = await inboundCalls(n.phone_number);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      type: 'inbound',
      direction: 'inbound',
      from_number: '+15550004321',
      twilio_call_sid: body.data.payload.call_control_id,
    });
  });

  const forged: [string, (b: unknown) => Promise<Response>][] = [
    [
      'signed with a stranger’s key',
      (b) => telnyxPost(b, { key: generateKeyPairSync('ed25519').privateKey }),
    ],
    [
      'a body changed after signing',
      (b) => telnyxPost(b, { signedBody: JSON.stringify({ ...(b as object), x: 1 }) }),
    ],
    [
      'a timestamp ten minutes old',
      (b) => telnyxPost(b, { timestamp: Math.floor(h.clock.now() / 1000) - 600 }),
    ],
  ];
  it.each(forged)('403 and nothing stored: %s', async (_name, send) => {
    const n = await telnyxNumber();
    const res = await send(initiated(n.phone_number));
    expect(res.status).toBe(403);
    expect(await inboundCalls(n.phone_number)).toHaveLength(0);
  });

  it('400 for a body that is not a Telnyx webhook', async () => {
    const res = await telnyxPost({ hello: 'world' });
    expect(res.status).toBe(400);
  });
});
