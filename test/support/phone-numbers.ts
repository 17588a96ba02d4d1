import { expect } from 'vitest';
import { LiveKitSipDouble } from '../../src/providers/telephony/testing/livekit-sip-double.ts';
import { TelnyxNumbersDouble } from '../../src/providers/telephony/testing/telnyx-numbers-double.ts';
import { TwilioNumbersDouble } from '../../src/providers/telephony/testing/twilio-numbers-double.ts';
import type { Row } from '../../src/store/schema.ts';
import { createHarness, type Harness } from './harness.ts';

let seq = 0;
/** A fresh E.164 number per call (per test file process) so tests never collide on platform-wide uniqueness. */
export function nextNumber(prefix = '+1303555'): string {
  return `${prefix}${String(1000 + (seq++ % 9000)).padStart(4, '0')}`;
}

export async function newAgent(h: Harness, key?: string): Promise<string> {
  const r = await h.json('POST', '/v1/agents', { body: { name: 'Agent' }, ...(key ? { key } : {}) });
  expect(r.status).toBe(201);
  return r.body.id;
}

/** Register a number over the API (sim carrier unless `body.provider` says otherwise); asserts 201. */
export async function registerNumber(h: Harness, body: Record<string, unknown> = {}, key?: string) {
  const agent_id = body.agent_id ?? (await newAgent(h, key));
  const r = await h.json('POST', '/v1/phone-numbers', {
    body: { phone_number: nextNumber(), provider: 'sim', agent_id, ...body },
    ...(key ? { key } : {}),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

/** The public URL the carrier fixture's server announces in carrier webhooks. */
export const carrierPublicUrl = 'https://parley.example';

/** A harness whose platform Twilio, Telnyx and LiveKit accounts are loopback doubles of the vendor APIs, with an agent. */
export interface PlatformCarriers {
  h: Harness;
  twilio: TwilioNumbersDouble;
  telnyx: TelnyxNumbersDouble;
  livekit: LiveKitSipDouble;
  agent: string;
  /** POST /v1/phone-numbers for the fixture's agent; returns the raw response. */
  register(body: Record<string, unknown>): Promise<{ status: number; body: any; headers: Headers }>;
  /** The stored row of a number, if any. */
  stored(phone: string): Promise<Row<'phone_numbers'> | undefined>;
  close(): Promise<void>;
}

export async function platformCarriers(): Promise<PlatformCarriers> {
  const [twilio, telnyx, livekit] = await Promise.all([
    TwilioNumbersDouble.start(),
    TelnyxNumbersDouble.start(),
    LiveKitSipDouble.start(),
  ]);
  const h = await createHarness({
    env: {
      PARLEY_PUBLIC_URL: carrierPublicUrl,
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_API_BASE_URL: twilio.url,
      TWILIO_TRUNK_ADDRESS: 'env-trunk.pstn.twilio.com',
      TWILIO_SIP_USERNAME: 'env-user',
      TWILIO_SIP_PASSWORD: 'env-password-123',
      TELNYX_API_KEY: telnyx.apiKey,
      TELNYX_API_BASE_URL: telnyx.url,
      LIVEKIT_URL: livekit.url,
      LIVEKIT_API_KEY: livekit.apiKey,
      LIVEKIT_API_SECRET: livekit.apiSecret,
    },
  });
  const agent = await newAgent(h);
  return {
    h,
    twilio,
    telnyx,
    livekit,
    agent,
    register: (body) => h.json('POST', '/v1/phone-numbers', { body: { agent_id: agent, ...body } }),
    stored: (phone) =>
      h.store.db.selectFrom('phone_numbers').selectAll().where('phone_number', '=', phone).executeTakeFirst(),
    close: async () => {
      await h.close();
      await Promise.all([twilio.close(), telnyx.close(), livekit.close()]);
    },
  };
}
