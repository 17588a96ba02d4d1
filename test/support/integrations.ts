import { expect } from 'vitest';
import type { Harness } from './harness.ts';

/** Valid create bodies per provider (fake keys; metadata as each provider requires). */
export const integrationBodies = {
  openai: { name: 'OpenAI', provider: 'openai', api_key: 'sk-proj-1234567890abcdef' },
  elevenlabs: { name: 'ElevenLabs', provider: 'elevenlabs', api_key: 'el_0123456789abcdef0123' },
  cartesia: { name: 'Cartesia', provider: 'cartesia', api_key: 'sk_car_0123456789abcdef' },
  resend: {
    name: 'Resend',
    provider: 'resend',
    api_key: 're_0123456789abcdef',
    metadata: { from: 'ops@acme.test' },
  },
  calcom: { name: 'Cal', provider: 'calcom', api_key: 'cal_live_0123456789abcdef' },
  twilio: {
    name: 'Twilio',
    provider: 'twilio',
    api_key: '0123456789abcdef0123456789abcdef',
    metadata: { account_sid: `AC${'a1'.repeat(16)}` },
  },
} as const;

/** Create an integration over the API and return its response body. */
export async function createIntegration(
  h: Harness,
  provider: keyof typeof integrationBodies,
  opts: { key?: string; body?: Record<string, unknown> } = {},
) {
  const r = await h.json('POST', '/v1/integrations', {
    body: { ...integrationBodies[provider], ...opts.body },
    ...(opts.key ? { key: opts.key } : {}),
  });
  expect(r.status).toBe(201);
  return r.body as { id: string; provider: string; masked_key: string; metadata: Record<string, unknown> };
}
