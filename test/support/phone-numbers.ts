import { expect } from 'vitest';
import type { Harness } from './harness.ts';

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
