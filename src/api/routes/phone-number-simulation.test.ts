import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addNumber, randomNumber } from '../../../test/support/calls.ts';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { registerNumber } from '../../../test/support/phone-numbers.ts';
import { runSecurityCases } from '../../../test/support/security.ts';
import { InboundCallService } from '../../domain/call/inbound-call-service.ts';
import type { PhoneNumber } from '../../domain/phone-number/phone-number.ts';
import { ManualClock } from '../../lib/clock.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

const path = (id: string) => `/v1/phone-numbers/${id}/simulate-inbound`;
const body = { from_number: '+14155550100', sim: { script: [{ say: 'Hello?' }, { hangup: true }] } };

async function agent(key?: string): Promise<string> {
  const r = await h.json('POST', '/v1/agents', { body: { name: 'Inbound' }, ...(key ? { key } : {}) });
  return r.body.id;
}

describe('POST /v1/phone-numbers/{id}/simulate-inbound', () => {
  it('201 creates an inbound call from the caller to the number, for its agent', async () => {
    const n = await registerNumber(h);
    const r = await h.json('POST', path(n.id), { body });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      id: expect.stringMatching(/^call_/),
      type: 'inbound',
      direction: 'inbound',
      agent_id: n.agent_id,
      from_number: '+14155550100',
      to_number: n.phone_number,
      metadata: { sim: { answer: 'human', voice: 'kal', script: body.sim.script }, inbound_route: 'primary' },
    });
    expect((await h.json('GET', `/v1/calls/${r.body.id}`)).body.type).toBe('inbound');
  });

  it('201 without sim uses the default persona', async () => {
    const n = await registerNumber(h);
    const r = await h.json('POST', path(n.id), { body: { from_number: '+14155550100' } });
    expect(r.status).toBe(201);
    expect(r.body.metadata.sim).toEqual({});
  });

  it('201 routes to inbound_routing.agent_id over the number’s own agent', async () => {
    const routed = await agent();
    const n = await registerNumber(h, { inbound_routing: { agent_id: routed } });
    const r = await h.json('POST', path(n.id), { body });
    expect(r.body).toMatchObject({ agent_id: routed, metadata: { inbound_route: 'primary' } });
  });

  it('400 NOT_A_SIM_NUMBER for a carrier number', async () => {
    const n = await registerNumber(h);
    await h.store.db
      .updateTable('phone_numbers')
      .set({ provider: 'twilio' })
      .where('id', '=', n.id)
      .execute();
    const r = await h.json('POST', path(n.id), { body });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('NOT_A_SIM_NUMBER');
  });

  it('400 NO_INBOUND_ROUTE for a number with no agent', async () => {
    const n = await addNumber(h, h.orgId, randomNumber());
    const { id } = (await h.store.db
      .selectFrom('phone_numbers')
      .select('id')
      .where('phone_number', '=', n)
      .executeTakeFirstOrThrow()) as { id: string };
    const r = await h.json('POST', path(id), { body });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('NO_INBOUND_ROUTE');
  });

  it('404 PHONE_NUMBER_NOT_FOUND for unknown and malformed ids', async () => {
    for (const id of ['phn_01jd8x2k3m4n5p6q7r8s9t0v1w', 'nope']) {
      const r = await h.json('POST', path(id), { body });
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('PHONE_NUMBER_NOT_FOUND');
    }
  });

  const invalid: [string, unknown, (string | number)[]][] = [
    ['missing from_number', { sim: body.sim }, ['body', 'from_number']],
    ['from_number not E.164', { from_number: '555-0100' }, ['body', 'from_number']],
    ['unknown answer', { from_number: '+14155550100', sim: { answer: 'robot' } }, ['body', 'sim', 'answer']],
    [
      'a step with both timings',
      { from_number: '+14155550100', sim: { script: [{ say: 'x', after_ms: 1, barge_in_ms: 2 }] } },
      ['body', 'sim', 'script', 0],
    ],
    [
      'negative silence',
      { from_number: '+14155550100', sim: { script: [{ silence_ms: -1 }] } },
      ['body', 'sim', 'script', 0],
    ],
    [
      'bad keys',
      { from_number: '+14155550100', sim: { script: [{ dtmf: 'x' }] } },
      ['body', 'sim', 'script', 0],
    ],
  ];
  for (const [label, b, loc] of invalid)
    it(`422 ${label}`, async () => {
      const n = await registerNumber(h);
      const r = await h.json('POST', path(n.id), { body: b });
      expect(r.status).toBe(422);
      expect(r.body.detail[0].loc.slice(0, loc.length)).toEqual(loc);
    });
});

describe('simulate-inbound in the OpenAPI document', () => {
  it('has a summary, a description and a request example', async () => {
    const r = await h.json('GET', '/v1/openapi.json', { key: null });
    const op = r.body.paths['/v1/phone-numbers/{phone_number_id}/simulate-inbound'].post;
    expect(op.summary).toBeTruthy();
    expect(op.description).toMatch(/fallback/);
    expect(r.body.components.schemas.SimulateInbound.properties.sim.example.script.length).toBeGreaterThan(0);
  });
});

runSecurityCases('simulate-inbound', () => h, [
  {
    method: 'POST',
    scoped: true,
    prepare: async (hh) => ({ path: path((await registerNumber(hh)).id), body }),
  },
]);

describe('InboundCallService.route', () => {
  const number = (
    routing: Partial<PhoneNumber['inbound_routing']> | null,
    agentId: string | null = 'agt_own',
  ) =>
    ({
      id: 'phn_x',
      phone_number: '+15555550100',
      provider: 'sim',
      agent_id: agentId,
      inbound_routing: routing && { agent_id: null, fallback: null, voicemail_message: null, ...routing },
    }) as PhoneNumber;
  const service = (existing: string[], free: boolean) =>
    new InboundCallService({
      numbers: { get: async () => number(null) },
      agentExists: async (_org, id) => existing.includes(id),
      hasFreeSlot: async () => free,
      calls: {} as never,
      clock: new ManualClock(0),
    });

  it('primary, then fallback when the primary is gone, then voicemail, else busy', async () => {
    const routing = {
      agent_id: 'agt_a',
      fallback: { agent_id: 'agt_b' },
      voicemail_message: 'Leave a message.',
    };
    expect(await service(['agt_a', 'agt_b'], true).route('org', number(routing))).toEqual({
      kind: 'primary',
      agentId: 'agt_a',
    });
    expect(await service(['agt_b'], true).route('org', number(routing))).toEqual({
      kind: 'fallback',
      agentId: 'agt_b',
    });
    expect(await service([], true).route('org', number(routing))).toMatchObject({
      kind: 'voicemail',
      message: 'Leave a message.',
    });
    expect(
      await service([], true).route('org', number({ ...routing, voicemail_message: null })),
    ).toMatchObject({
      kind: 'busy',
      reason: expect.stringMatching(/no longer exists/),
    });
  });

  it('at the concurrency limit neither agent can take it: voicemail, else busy', async () => {
    const routing = {
      agent_id: 'agt_a',
      fallback: { agent_id: 'agt_b' },
      voicemail_message: 'Call back later.',
    };
    expect(await service(['agt_a', 'agt_b'], false).route('org', number(routing))).toMatchObject({
      kind: 'voicemail',
    });
    expect(
      await service(['agt_a', 'agt_b'], false).route('org', number({ ...routing, voicemail_message: null })),
    ).toMatchObject({ kind: 'busy', reason: expect.stringMatching(/concurrency limit/) });
  });

  it('falls back to the number’s own agent when the routing names none', async () => {
    expect(await service(['agt_own'], true).route('org', number({ voicemail_message: 'x' }))).toEqual({
      kind: 'primary',
      agentId: 'agt_own',
    });
  });
});
